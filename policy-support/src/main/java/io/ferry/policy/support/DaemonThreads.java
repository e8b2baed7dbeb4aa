package io.ferry.policy.support;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the background threads of Ferry's components (control loops, pool drivers, migration
 * workers, HTTP servers): daemon threads, so that a component that is not closed never keeps a JVM alive, each
 * named so that a thread dump says whose it is. Threads come from {@link Thread#Thread(Runnable, String)}, so
 * they inherit the creating thread's context class loader and priority, as the JDK's default factory does
 * apart from the name and the daemon flag.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /**
     * @param name every thread's name
     * @return a factory of daemon threads all called {@code name} (for single-thread executors)
     */
    public static ThreadFactory named(String name) {
        return r -> start(r, name);
    }

    /**
     * @param prefix the names' prefix
     * @return a factory of daemon threads called {@code prefix-1}, {@code prefix-2}, … in creation order
     */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> start(r, prefix + "-" + count.incrementAndGet());
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
