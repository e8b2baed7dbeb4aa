package io.ferry.xen.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of a simulator, for the failures a server cannot be asked for: {@link Mode#SILENT}
 * accepts connections and reads requests but never replies (nor forwards them), also on connections already open;
 * {@link Mode#REFUSE} closes every connection at once. Threads are daemons; {@link #close()} closes every socket.
 */
final class TcpRelay implements AutoCloseable {

    /** What the relay does with the traffic. */
    enum Mode { FORWARD, SILENT, REFUSE }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Mode mode;

    /** @param targetPort the simulator's port on 127.0.0.1; 0 for none (then only SILENT and REFUSE make sense) */
    TcpRelay(int targetPort, Mode mode) throws IOException {
        this.targetPort = targetPort;
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "relay-accept");
    }

    /** @return {@code http://127.0.0.1:PORT/} */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    /** Switches the mode; {@link Mode#REFUSE} also closes the connections already open. */
    void mode(Mode m) {
        this.mode = m;
        if (m == Mode.REFUSE) {
            sockets.forEach(TcpRelay::quietly);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            Mode m = mode;
            try {
                if (m == Mode.REFUSE) {
                    client.close();
                } else if (m == Mode.SILENT) {
                    daemon(() -> pump(client, null), "relay-silent");
                } else {
                    Socket upstream = new Socket();
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                    sockets.add(upstream);
                    daemon(() -> pump(client, upstream), "relay-up");
                    daemon(() -> pump(upstream, client), "relay-down");
                }
            } catch (IOException e) {
                quietly(client);
            }
        }
    }

    /** Copies {@code from} to {@code to} while forwarding; drops the bytes (reads on) otherwise. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to == null ? null : to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out != null && mode == Mode.FORWARD) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            if (mode != Mode.SILENT) {
                quietly(from);
                if (to != null) {
                    quietly(to);
                }
            }
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(TcpRelay::quietly);
    }
}
