package io.ferry.xen.internal;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The connection under one XML-RPC call of the SDK: a {@link HttpURLConnection} that delegates to the JDK's, with
 * two guards.
 *
 * <ol>
 * <li><b>No silent replay.</b> The request body is buffered and sent with a fixed length. The JDK's HTTP client
 * re-sends a POST once when the connection closes without a reply, unless the body is streamed; for
 * {@code Async.VM.pool_migrate} a replay after a lost reply would start the call a second time. With the fixed
 * length the loss is reported to the adapter, which decides (see {@code XenHypervisorAdapter#migrate}).</li>
 * <li><b>No Java deserialisation.</b> Apache XML-RPC 3.1.3 deserialises a fault's {@code faultCause} with
 * {@code ObjectInputStream}, whatever the client's configuration (CVE-2019-17570). That value can only arrive as
 * {@code <base64>}, which xapi never sends (its wire types are untyped strings, int, double, boolean,
 * dateTime, struct and array). A reply containing {@code <base64} is refused with an {@link IOException} before
 * the parser sees the element.</li>
 * </ol>
 *
 * <p>Cost: the request is held in memory once (XML-RPC requests are small); the reply is scanned as it streams.
 */
final class GuardedHttpConnection extends HttpURLConnection {

    /** The element a hostile server would need to smuggle a serialised object to the client. */
    static final byte[] FORBIDDEN = "<base64".getBytes(StandardCharsets.US_ASCII);

    private final HttpURLConnection delegate;
    private final java.util.function.Consumer<GuardedHttpConnection> onDisconnect;
    private ByteArrayOutputStream body;
    private boolean sent;

    /**
     * @param url          the URL as the SDK gave it
     * @param delegate     the JDK's connection, configured
     * @param onDisconnect told when this connection is disconnected (the transport forgets it)
     */
    GuardedHttpConnection(URL url, HttpURLConnection delegate,
            java.util.function.Consumer<GuardedHttpConnection> onDisconnect) {
        super(url);
        this.delegate = delegate;
        this.onDisconnect = onDisconnect;
    }

    private void send() throws IOException {
        if (sent) {
            return;
        }
        sent = true;
        if (body != null) {
            byte[] bytes = body.toByteArray();
            delegate.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = delegate.getOutputStream()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        if (sent) {
            throw new ProtocolException("the request was already sent");
        }
        if (body == null) {
            body = new ByteArrayOutputStream(1024);
        }
        return body;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        send();
        return new NoBase64(delegate.getInputStream());
    }

    @Override
    public InputStream getErrorStream() {
        return delegate.getErrorStream();
    }

    @Override
    public int getResponseCode() throws IOException {
        send();
        return delegate.getResponseCode();
    }

    @Override
    public String getResponseMessage() throws IOException {
        send();
        return delegate.getResponseMessage();
    }

    @Override
    public void connect() throws IOException {
        delegate.connect();
        connected = true;
    }

    /**
     * Closes the connection, also from another thread than the one using it (that is how the transport aborts a
     * call in flight). The JDK's {@code HttpURLConnection.disconnect} races with a call ending at the same moment
     * on its own thread (it reads the connection's client after that thread cleared it, and throws
     * {@link NullPointerException}); the connection is closed either way, so that race is not an error.
     */
    @Override
    public void disconnect() {
        onDisconnect.accept(this);
        disconnect(delegate);
    }

    /** Disconnects {@code c}, tolerating the JDK's race with the thread using it (see {@link #disconnect()}). */
    static void disconnect(HttpURLConnection c) {
        try {
            c.disconnect();
        } catch (NullPointerException e) {
            // sun.net.www.protocol.http.HttpURLConnection: "this.http" cleared by the thread that used it meanwhile
        }
    }

    @Override
    public boolean usingProxy() {
        return delegate.usingProxy();
    }

    @Override
    public String getHeaderField(String name) {
        return delegate.getHeaderField(name);
    }

    @Override
    public String getHeaderField(int n) {
        return delegate.getHeaderField(n);
    }

    @Override
    public String getHeaderFieldKey(int n) {
        return delegate.getHeaderFieldKey(n);
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        return delegate.getHeaderFields();
    }

    @Override
    public String getContentType() {
        return delegate.getContentType();
    }

    @Override
    public String getContentEncoding() {
        return delegate.getContentEncoding();
    }

    @Override
    public long getContentLengthLong() {
        return delegate.getContentLengthLong();
    }

    @Override
    public int getContentLength() {
        return delegate.getContentLength();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        delegate.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
        delegate.addRequestProperty(key, value);
    }

    @Override
    public String getRequestProperty(String key) {
        return delegate.getRequestProperty(key);
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
        return delegate.getRequestProperties();
    }

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        delegate.setRequestMethod(method);
    }

    @Override
    public String getRequestMethod() {
        return delegate.getRequestMethod();
    }

    @Override
    public void setDoInput(boolean doInput) {
        delegate.setDoInput(doInput);
    }

    @Override
    public boolean getDoInput() {
        return delegate.getDoInput();
    }

    @Override
    public void setDoOutput(boolean doOutput) {
        delegate.setDoOutput(doOutput);
    }

    @Override
    public boolean getDoOutput() {
        return delegate.getDoOutput();
    }

    @Override
    public void setUseCaches(boolean useCaches) {
        delegate.setUseCaches(useCaches);
    }

    @Override
    public boolean getUseCaches() {
        return delegate.getUseCaches();
    }

    @Override
    public void setConnectTimeout(int timeout) {
        delegate.setConnectTimeout(timeout);
    }

    @Override
    public int getConnectTimeout() {
        return delegate.getConnectTimeout();
    }

    @Override
    public void setReadTimeout(int timeout) {
        delegate.setReadTimeout(timeout);
    }

    @Override
    public int getReadTimeout() {
        return delegate.getReadTimeout();
    }

    @Override
    public void setInstanceFollowRedirects(boolean followRedirects) {
        delegate.setInstanceFollowRedirects(followRedirects);
    }

    @Override
    public boolean getInstanceFollowRedirects() {
        return delegate.getInstanceFollowRedirects();
    }

    @Override
    public String toString() {
        return "GuardedHttpConnection[" + url + "]";
    }

    /** Fails the read as soon as the bytes {@code <base64} have streamed past. */
    static final class NoBase64 extends FilterInputStream {
        private int matched;

        NoBase64(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                check((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                check(buffer[offset + i]);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, 8192)];
            int read = read(sink, 0, sink.length);
            return Math.max(0, read);
        }

        private void check(byte b) throws IOException {
            if (b == FORBIDDEN[matched]) {
                matched++;
                if (matched == FORBIDDEN.length) {
                    throw new IOException("the server's reply contains <base64>, which xapi never sends; refused "
                            + "unparsed (Apache XML-RPC 3.1.3 would deserialise it: CVE-2019-17570)");
                }
            } else {
                matched = b == FORBIDDEN[0] ? 1 : 0;
            }
        }
    }
}
