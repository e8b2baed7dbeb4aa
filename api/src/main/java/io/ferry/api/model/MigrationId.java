package io.ferry.api.model;

/**
 * The identity of one migration attempt, unique within a controller's lifetime; the key that ties a
 * decision, its progress and its outcome together in the audit log.
 *
 * @param value the identifier, never blank
 */
public record MigrationId(String value) {

    public MigrationId {
        Require.nonBlank(value, "migration id");
    }

    @Override
    public String toString() {
        return value;
    }
}
