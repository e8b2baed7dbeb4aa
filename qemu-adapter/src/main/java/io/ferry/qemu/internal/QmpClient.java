package io.ferry.qemu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.HypervisorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A client of QEMU's machine protocol (QMP): newline-delimited JSON over a Unix socket, from plain Java 17
 * ({@link StandardProtocolFamily#UNIX}, no native code).
 *
 * <p>{@link #connect} waits for the socket, reads the greeting and negotiates with {@code qmp_capabilities}.
 * {@link #execute} sends one command with an id and returns its {@code return} value, skipping the
 * asynchronous {@code {"event": …}} lines in between (the last {@value #EVENTS_KEPT} are kept for diagnostics).
 * Every failure is a {@link HypervisorException} with one line: QEMU's error class and description
 * ({@code GenericError: …}), {@code QMP_TIMEOUT}, or {@code QMP_CLOSED} when QEMU went away.
 *
 * <p>Threads: one command at a time per client (methods are synchronized); cost per command: one round trip on
 * the socket plus the JSON of the answer.
 */
final class QmpClient implements AutoCloseable {

    static final int EVENTS_KEPT = 64;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final SocketChannel channel;
    private final Selector selector;
    private final Duration timeout;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Deque<JsonNode> events = new ArrayDeque<>();
    private long nextId = 1;

    private QmpClient(String name, SocketChannel channel, Selector selector, Duration timeout) {
        this.name = name;
        this.channel = channel;
        this.selector = selector;
        this.timeout = timeout;
    }

    /**
     * Connects to a QMP socket, waiting for it to appear while {@code alive} holds, and negotiates capabilities.
     *
     * @param name    who is at the other end, for messages (such as {@code qemu-a/vm-1 (pid 1234)})
     * @param socket  the socket path
     * @param timeout the bound of the wait and of every later command
     * @param alive   false once the process behind the socket has died (no point waiting longer)
     */
    static QmpClient connect(String name, Path socket, Duration timeout, BooleanSupplier alive)
            throws HypervisorException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new HypervisorException("QMP_CLOSED", name + ": the QEMU process exited before its QMP socket "
                        + "accepted a connection", last);
            }
            if (Files.exists(socket)) {
                SocketChannel ch = null;
                try {
                    ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    ch.configureBlocking(false);
                    Selector sel = Selector.open();
                    ch.register(sel, SelectionKey.OP_READ);
                    QmpClient client = new QmpClient(name, ch, sel, timeout);
                    try {
                        client.handshake();
                    } catch (HypervisorException e) {
                        client.close();
                        throw e;
                    }
                    return client;
                } catch (IOException e) {
                    last = e;
                    if (ch != null) {
                        try {
                            ch.close();
                        } catch (IOException ignored) {
                            // already failing
                        }
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HypervisorException("INTERRUPTED", name + ": interrupted while waiting for QMP", e);
            }
        }
        throw new HypervisorException("QMP_TIMEOUT", name + ": no QMP socket at " + socket + " within "
                + timeout.toMillis() + " ms" + (last == null ? "" : " (" + last.getMessage() + ")"), last);
    }

    private void handshake() throws HypervisorException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode greeting = readMessage(deadline, "the greeting");
        if (!greeting.has("QMP")) {
            throw new HypervisorException("QMP_PROTOCOL", name + ": expected the QMP greeting, got " + abbreviate(greeting), null);
        }
        execute("qmp_capabilities", null);
    }

    /**
     * Runs one command.
     *
     * @param command   the QMP command, such as {@code query-migrate}
     * @param arguments its arguments, or null
     * @return the command's {@code return} value (an empty object for commands that return nothing)
     * @throws HypervisorException QEMU's {@code error} (code = its class), a timeout or a closed socket
     */
    synchronized JsonNode execute(String command, ObjectNode arguments) throws HypervisorException {
        ObjectNode request = JSON.createObjectNode();
        request.put("execute", command);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        long id = nextId++;
        request.put("id", id);
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HypervisorException("QMP_PROTOCOL", name + ": cannot encode " + command, e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        write(ByteBuffer.wrap(bytes), deadline, command);
        while (true) {
            JsonNode message = readMessage(deadline, command);
            if (message.has("event")) {
                remember(message);
                continue;
            }
            JsonNode answerId = message.get("id");
            if (answerId == null || answerId.asLong() != id) {
                continue; // an answer to an earlier command that timed out
            }
            if (message.has("error")) {
                JsonNode error = message.get("error");
                throw new HypervisorException(error.path("class").asText("QMP_ERROR"),
                        name + ": " + command + ": " + error.path("desc").asText("(no description)"), null);
            }
            return message.has("return") ? message.get("return") : JSON.createObjectNode();
        }
    }

    /** @return a fresh argument object */
    static ObjectNode arguments() {
        return JSON.createObjectNode();
    }

    /** @return the asynchronous events read so far (the most recent {@value #EVENTS_KEPT}), oldest first */
    synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    private void remember(JsonNode event) {
        if (events.size() == EVENTS_KEPT) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    private void write(ByteBuffer buffer, long deadline, String what) throws HypervisorException {
        try {
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    if (System.nanoTime() > deadline) {
                        throw timeout(what);
                    }
                    Thread.onSpinWait();
                }
            }
        } catch (IOException e) {
            throw new HypervisorException("QMP_CLOSED", name + ": cannot send " + what + ": " + e.getMessage(), e);
        }
    }

    private JsonNode readMessage(long deadline, String what) throws HypervisorException {
        while (true) {
            while (in.position() > 0) {
                in.flip();
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b == '\n') {
                        byte[] bytes = line.toByteArray();
                        line.reset();
                        String text = new String(bytes, StandardCharsets.UTF_8).trim();
                        if (text.isEmpty()) {
                            continue;
                        }
                        in.compact();
                        try {
                            return JSON.readTree(text);
                        } catch (IOException e) {
                            throw new HypervisorException("QMP_PROTOCOL", name + ": not JSON: " + abbreviate(text), e);
                        }
                    }
                    line.write(b);
                }
                in.clear();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timeout(what);
            }
            try {
                selector.select(Math.max(1, remaining / 1_000_000));
                selector.selectedKeys().clear();
                int n = channel.read(in);
                if (n < 0) {
                    throw new HypervisorException("QMP_CLOSED",
                            name + ": QEMU closed the QMP socket while waiting for " + what + " (the process exited?)",
                            null);
                }
            } catch (IOException e) {
                throw new HypervisorException("QMP_CLOSED", name + ": reading " + what + ": " + e.getMessage(), e);
            }
        }
    }

    private HypervisorException timeout(String what) {
        return new HypervisorException("QMP_TIMEOUT",
                name + ": no answer to " + what + " within " + timeout.toMillis() + " ms", null);
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Override
    public synchronized void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "QmpClient[" + name + "]";
    }
}
