/** The clocks behind {@link io.ferry.simcluster.SimClock}'s factories; private to the bundle. */
package io.ferry.simcluster.internal;
