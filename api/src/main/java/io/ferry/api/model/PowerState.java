package io.ferry.api.model;

/** A VM's power state, as XAPI names them. Only {@link #RUNNING} VMs can be live-migrated. */
public enum PowerState {
    RUNNING, HALTED, PAUSED, SUSPENDED
}
