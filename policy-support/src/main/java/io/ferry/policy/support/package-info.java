/**
 * What policy bundles share, Ferry's and vendors' alike: closed-form predictions of live-migration cost (the
 * pre-copy round recursion, the stop-and-copy and post-copy pauses, the totals of each technique) and
 * configuration checks whose messages name the attribute, the value and what is accepted.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ferry.policy.support;
