/** The engine's implementation: private to the bundle, unversioned. */
package io.ferry.engine.internal;
