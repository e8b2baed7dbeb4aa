package io.ferry.qemu.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted QMP peer on a Unix socket for tests: sends the greeting, then answers each line with what
 * {@code answer} returns for it (lines joined with '\n'; null: say nothing). Records every line received.
 */
final class FakeQmpServer implements AutoCloseable {

    static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 2, \"minor\": 0, \"major\": 10}}, "
            + "\"capabilities\": []}}";

    private final ServerSocketChannel server;
    private final Thread thread;
    final List<String> received = new CopyOnWriteArrayList<>();

    FakeQmpServer(Path socket, String greeting, Function<String, String> answer) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> serve(greeting, answer), "fake-qmp");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(String greeting, Function<String, String> answer) {
        try (SocketChannel ch = server.accept()) {
            send(ch, greeting);
            ByteBuffer buf = ByteBuffer.allocate(4096);
            StringBuilder line = new StringBuilder();
            while (ch.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    char c = (char) buf.get();
                    if (c == '\n') {
                        String l = line.toString();
                        line.setLength(0);
                        received.add(l);
                        String a = answer.apply(l);
                        if (a != null) {
                            send(ch, a);
                        }
                    } else {
                        line.append(c);
                    }
                }
                buf.clear();
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    private static void send(SocketChannel ch, String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            ch.write(out);
        }
    }

    /** @return the id field of a request line */
    static String id(String requestLine) {
        int i = requestLine.indexOf("\"id\":");
        int j = requestLine.indexOf('}', i);
        return requestLine.substring(i + 5, j).replaceAll("[^0-9]", "");
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
