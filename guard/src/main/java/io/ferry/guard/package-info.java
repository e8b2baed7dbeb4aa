/**
 * The guard: the safety rules every migration decision passes before anything runs (DESIGN.md §7), shared by the
 * controller, which guards a live pool, and the data-centre engine, which guards a simulated day. A
 * {@link io.ferry.guard.Guard} holds what it has seen (moves in flight, cooldowns, back-offs, how long hosts have
 * been hot); {@link io.ferry.guard.GuardRules} are its settings, passed with every call, so a pool reconfigured
 * between two calls keeps its moves in flight and its cooldowns. Time is always passed in as an
 * {@link java.time.Instant}: a wall clock and a virtual one work alike. {@link io.ferry.guard.GuardState} (1.1) is
 * a guard's memory as a value, exported from one guard and restored into another (a pool changing owner).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.ferry.guard;
