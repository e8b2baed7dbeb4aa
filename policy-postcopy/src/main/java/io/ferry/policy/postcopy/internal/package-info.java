/** The post-copy policy: private to its bundle. */
package io.ferry.policy.postcopy.internal;
