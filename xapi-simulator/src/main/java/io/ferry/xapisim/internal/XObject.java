package io.ferry.xapisim.internal;

/**
 * One object of the simulated xapi database: its class, reference, UUID and the database generations at
 * which it was created and last modified (what {@code event.from} compares tokens with). Subclasses hold the
 * object's state; {@link Records} turns it into the wire record. Guarded by the pool's lock.
 */
abstract class XObject {

    private final XClass cls;
    private final String ref;
    private final String uuid;
    private long created;
    private long modified;

    XObject(XClass cls, String ref, String uuid) {
        this.cls = cls;
        this.ref = ref;
        this.uuid = uuid;
    }

    final XClass cls() {
        return cls;
    }

    final String ref() {
        return ref;
    }

    final String uuid() {
        return uuid;
    }

    final long created() {
        return created;
    }

    final long modified() {
        return modified;
    }

    final void stamp(long createdGeneration, long modifiedGeneration) {
        this.created = createdGeneration;
        this.modified = modifiedGeneration;
    }

    final void modifiedAt(long generation) {
        this.modified = generation;
    }

    @Override
    public String toString() {
        return cls.apiName() + " " + ref;
    }
}
