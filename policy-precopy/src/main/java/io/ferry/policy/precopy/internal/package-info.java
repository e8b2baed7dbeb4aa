/** The pre-copy policy: private to its bundle. */
package io.ferry.policy.precopy.internal;
