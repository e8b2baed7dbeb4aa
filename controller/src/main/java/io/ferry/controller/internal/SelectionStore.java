package io.ferry.controller.internal;

import java.util.Map;

/** Where operators' selections are persisted, so that they survive restarts and show in {@code config:}. */
public interface SelectionStore {

    /**
     * Merges {@code properties} into the configuration of {@code pool}, creating it if needed.
     *
     * @throws Exception when the configuration cannot be written
     */
    void save(String pool, Map<String, Object> properties) throws Exception;
}
