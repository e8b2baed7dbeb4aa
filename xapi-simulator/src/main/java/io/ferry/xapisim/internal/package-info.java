/** The simulator's implementation: private to the bundle, unversioned. */
package io.ferry.xapisim.internal;
