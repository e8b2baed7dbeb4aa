package io.ferry.xapisim.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated xapi database: per class, reference → object, with xapi's generation counter. Every creation,
 * modification and deletion takes the next generation; {@code event.from} tokens are generations, so a client
 * learns exactly what changed since its token. Deleted objects are remembered (up to
 * {@value #MAX_TOMBSTONES}) so that {@code del} events can be reported.
 *
 * <p>Not thread-safe: guarded by the pool's lock. {@code onChange} runs (under that lock) after every change,
 * to wake the calls that wait for one.
 */
final class Database {

    /** Deleted objects remembered for {@code del} events; older deletions are forgotten. */
    static final int MAX_TOMBSTONES = 10_000;

    /** A deleted object. */
    record Tombstone(XClass cls, String ref, long created, long deleted) {
    }

    private final Map<XClass, LinkedHashMap<String, XObject>> tables = new EnumMap<>(XClass.class);
    private final Map<String, XObject> byUuid = new HashMap<>();
    private final ArrayDeque<Tombstone> tombstones = new ArrayDeque<>();
    private final Runnable onChange;
    private long generation;

    Database(Runnable onChange) {
        this.onChange = onChange;
        for (XClass c : XClass.values()) {
            tables.put(c, new LinkedHashMap<>());
        }
    }

    /** @return the generation of the latest change */
    long generation() {
        return generation;
    }

    void add(XObject o) {
        long g = ++generation;
        o.stamp(g, g);
        tables.get(o.cls()).put(o.ref(), o);
        byUuid.put(o.cls().name() + "/" + o.uuid(), o);
        onChange.run();
    }

    /** Records that {@code o} changed in a way clients can see. */
    void touch(XObject o) {
        if (tables.get(o.cls()).get(o.ref()) == o) {
            o.modifiedAt(++generation);
            onChange.run();
        }
    }

    void remove(XObject o) {
        if (tables.get(o.cls()).remove(o.ref()) != null) {
            byUuid.remove(o.cls().name() + "/" + o.uuid());
            tombstones.addLast(new Tombstone(o.cls(), o.ref(), o.created(), ++generation));
            while (tombstones.size() > MAX_TOMBSTONES) {
                tombstones.removeFirst();
            }
            onChange.run();
        }
    }

    /** @return the object of class {@code cls} with reference {@code ref} */
    Optional<XObject> get(XClass cls, String ref) {
        return Optional.ofNullable(tables.get(cls).get(ref));
    }

    /** @return the object of class {@code cls} with UUID {@code uuid} */
    Optional<XObject> byUuid(XClass cls, String uuid) {
        return Optional.ofNullable(byUuid.get(cls.name() + "/" + uuid));
    }

    /** @return the live objects of class {@code cls}, in creation order (a view: copy before changing) */
    Collection<XObject> all(XClass cls) {
        return Collections.unmodifiableCollection(tables.get(cls).values());
    }

    /** @return the number of live objects of class {@code cls} */
    int count(XClass cls) {
        return tables.get(cls).size();
    }

    /** @return the deletions after generation {@code since}, oldest first */
    List<Tombstone> deletedSince(long since) {
        List<Tombstone> out = new ArrayList<>();
        for (Tombstone t : tombstones) {
            if (t.deleted() > since) {
                out.add(t);
            }
        }
        return out;
    }
}
