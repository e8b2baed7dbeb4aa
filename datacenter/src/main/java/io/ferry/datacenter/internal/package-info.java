/** The data-centre engine's implementation: private to the bundle. */
package io.ferry.datacenter.internal;
