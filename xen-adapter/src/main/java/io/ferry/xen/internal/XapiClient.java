package io.ferry.xen.internal;

import com.xensource.xenapi.APIVersion;
import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Types;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter's XenAPI session with the pool master, shared by its threads: login with the SDK's
 * {@code Session.loginWithPassword} (originator {@value #ORIGINATOR}, so that xapi counts Ferry's sessions apart
 * from other clients'), following {@code HOST_IS_SLAVE} to the master it names; a transparent re-login and one retry
 * when a call meets {@code SESSION_INVALID} (the session check is xapi's first, so the call had no effect); logout
 * on {@link #close()}.
 *
 * <p>Decides which failures are retried: {@link #call} (reads, and writes that are safe to repeat) retries after
 * a lost reply too; {@link #callOnce} (a migration's start) never does, and reports
 * {@link XapiException#REPLY_LOST} so that its caller can find out what happened. Concurrent calls that all meet
 * {@code SESSION_INVALID} cause one login, not one each.
 *
 * <p>Two SDK connections share the session: one for calls ({@code replyTimeoutSeconds}) and one for
 * {@code event.from}, whose reply timeout also covers the event wait. Thread-safe; the password is handed to the
 * SDK and to nothing else.
 */
final class XapiClient implements AutoCloseable {

    /** The originator xapi records for Ferry's sessions. */
    static final String ORIGINATOR = "ferry";
    /** The most {@code HOST_IS_SLAVE} redirections followed in one login. */
    static final int MAX_REDIRECTS = 3;
    /**
     * How often a call that is safe to repeat is sent when its reply is lost. More than twice: a keep-alive
     * connection the server closed while idle fails the same way as a lost reply, and calls are sent with a fixed
     * length (see {@link GuardedHttpConnection}), so the JDK does not retry them itself.
     */
    static final int TRANSPORT_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(XapiClient.class);

    /** A logged-in session: the master it was made with, the two connections, and its sequence number. */
    record Live(URI master, Connection rpc, Connection events, long generation) {
        String ref() {
            return rpc.getSessionReference();
        }
    }

    /** One XenAPI call on a connection. */
    @FunctionalInterface
    interface Call<T> {
        T run(Connection c) throws Exception;
    }

    private final XenSettings settings;
    private final Transport transport;
    private final Object loginLock = new Object();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong sessionRecoveries = new AtomicLong();
    private volatile Live live;
    private volatile URI master;
    private volatile boolean closed;

    XapiClient(XenSettings settings, Transport transport) {
        this.settings = settings;
        this.transport = transport;
        this.master = settings.url();
    }

    /** @return whether {@link #close()} was called */
    boolean closed() {
        return closed;
    }

    /** @return the logins so far (the first and every re-login) */
    long logins() {
        return logins.get();
    }

    /** @return how many times a call met {@code SESSION_INVALID} and was retried on a new session */
    long sessionRecoveries() {
        return sessionRecoveries.get();
    }

    /** @return the master's URL as last learned (the configured URL until a {@code HOST_IS_SLAVE}) */
    URI master() {
        return master;
    }

    /** @return the current session, logging in when there is none */
    Live session() throws XapiException {
        Live l = live;
        if (l != null) {
            return l;
        }
        synchronized (loginLock) {
            if (live == null) {
                live = login();
            }
            return live;
        }
    }

    /** Forgets {@code stale} (when it is still the current session), so that the next call logs in again. */
    void invalidate(Live stale) {
        synchronized (loginLock) {
            if (live == stale) {
                live = null;
            }
        }
    }

    /**
     * Runs a call that is safe to repeat: retried once on a new session after {@code SESSION_INVALID}, and up to
     * {@value #TRANSPORT_ATTEMPTS} times in all after lost replies.
     */
    <T> T call(Call<T> call) throws XapiException {
        return run(call, false, true);
    }

    /** Runs a call that must not run twice: retried only after {@code SESSION_INVALID} (which means it never ran). */
    <T> T callOnce(Call<T> call) throws XapiException {
        return run(call, false, false);
    }

    /**
     * Runs {@code event.from} on the events connection (whose reply timeout covers the wait): a read, retried as
     * {@link #call} is (the same token gives the same changes).
     */
    <T> T events(Call<T> call) throws XapiException {
        return run(call, true, true);
    }

    private <T> T run(Call<T> call, boolean events, boolean retryLostReply) throws XapiException {
        boolean sessionRetried = false;
        int transportFailures = 0;
        while (true) {
            requireOpen();
            Live l = session();
            try {
                return call.run(events ? l.events() : l.rpc());
            } catch (Types.SessionInvalid e) {
                invalidate(l);
                if (sessionRetried) {
                    throw XapiErrors.of(e);
                }
                sessionRetried = true;
                sessionRecoveries.incrementAndGet();
                LOG.debug("pool {}: session invalid; logging in again", settings.poolName());
            } catch (Exception e) {
                XapiException x = XapiErrors.of(e);
                if (!x.transport() || !retryLostReply || ++transportFailures >= TRANSPORT_ATTEMPTS || closed) {
                    throw x;
                }
                if (x.code().equals(XapiException.UNREACHABLE)) {
                    invalidate(l); // the master may have moved: log in again, following HOST_IS_SLAVE
                }
            }
        }
    }

    private void requireOpen() throws XapiException {
        if (closed) {
            throw new XapiException(XapiException.UNREACHABLE, java.util.List.of(), "the adapter of pool "
                    + settings.poolName() + " is stopped", null);
        }
    }

    /** Logs in at the last known master, following {@code HOST_IS_SLAVE}. Called under {@link #loginLock}. */
    private Live login() throws XapiException {
        URI target = master;
        for (int hop = 0; ; hop++) {
            requireOpen();
            Connection rpc = new Connection(transport.sdkUrl(target), seconds(settings.replyTimeout()),
                    seconds(settings.connectTimeout()));
            try {
                Session.loginWithPassword(rpc, settings.user(), settings.password().reveal(),
                        APIVersion.latest().toString(), ORIGINATOR);
            } catch (Types.HostIsSlave slave) {
                URI next = withHost(target, slave.masterIPAddress);
                if (next != null && settings.tls().insecure() && !XenSettings.loopback(next.getHost())) {
                    // never follow an insecure connection off loopback: the password would go there unprotected
                    throw new XapiException("HOST_IS_SLAVE", java.util.List.of(String.valueOf(slave.masterIPAddress)),
                            target.getHost() + " is a pool member and names the master " + slave.masterIPAddress
                                    + ", which is not on loopback: insecure = true allows loopback only; not followed",
                            slave);
                }
                if (hop >= MAX_REDIRECTS || next == null) {
                    throw new XapiException("HOST_IS_SLAVE", java.util.List.of(String.valueOf(slave.masterIPAddress)),
                            XapiErrors.meaning("HOST_IS_SLAVE", java.util.List.of(String.valueOf(
                                    slave.masterIPAddress))) + " (gave up after " + hop + " redirections)", slave);
                }
                LOG.info("pool {}: {} is a pool member; the master is {}", settings.poolName(), target.getHost(),
                        slave.masterIPAddress);
                target = next;
                continue;
            } catch (Exception e) {
                XapiException x = XapiErrors.of(e);
                if (x.code().equals(XapiException.UNREACHABLE) && !target.equals(settings.url()) && hop == 0) {
                    // the master learned earlier is gone (a failover?): start again from the configured URL
                    LOG.info("pool {}: master {} unreachable; trying the configured {}", settings.poolName(),
                            target.getHost(), settings.url());
                    target = settings.url();
                    continue;
                }
                throw x;
            }
            int eventWait = seconds(settings.eventTimeout()) + seconds(settings.replyTimeout());
            Connection events = new Connection(transport.sdkUrl(target), rpc.getSessionReference(), eventWait,
                    seconds(settings.connectTimeout()));
            master = target;
            long n = logins.incrementAndGet();
            if (n == 1) {
                LOG.info("pool {}: logged in to {} as {} (XenAPI {})", settings.poolName(), target, settings.user(),
                        rpc.getAPIVersion());
            } else {
                LOG.debug("pool {}: logged in again to {} (login {})", settings.poolName(), target, n);
            }
            return new Live(target, rpc, events, n);
        }
    }

    /** @return {@code base} with its host replaced by {@code host} (scheme, port and path kept), or null */
    static URI withHost(URI base, String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        try {
            return new URI(base.getScheme(), null, host.trim(), base.getPort(), base.getPath(), null, null);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int seconds(java.time.Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toSeconds()));
    }

    /** @return the current session's reference, when logged in (for {@code /rrd_updates}) */
    Optional<Live> current() {
        return Optional.ofNullable(live);
    }

    /** Logs out (once; a failure is only logged) and refuses further calls. Idempotent. */
    @Override
    public void close() {
        Live l;
        synchronized (loginLock) {
            if (closed) {
                return;
            }
            closed = true;
            l = live;
            live = null;
        }
        if (l != null) {
            try {
                Session.logout(l.rpc());
                LOG.debug("pool {}: logged out", settings.poolName());
            } catch (Exception e) {
                LOG.debug("pool {}: logout failed: {}", settings.poolName(), XapiErrors.of(e).getMessage());
            }
        }
    }
}
