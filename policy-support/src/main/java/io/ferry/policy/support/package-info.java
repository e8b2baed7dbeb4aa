/**
 * What policy bundles share, Ferry's and vendors' alike: closed-form predictions of live-migration cost (the
 * pre-copy round recursion, the stop-and-copy and post-copy pauses, the totals of each technique) and
 * configuration checks whose messages name the attribute, the value and what is accepted. Every plugin (agents and
 * pool adapters too) shares the last three: {@link io.ferry.policy.support.ConfigurationChecks},
 * {@link io.ferry.policy.support.MetatypeSettings} (a plugin factory's settings from its metatype) and
 * {@link io.ferry.policy.support.DaemonThreads}; the learned plugins share
 * {@link io.ferry.policy.support.ModelArchive} (a model file as a zip of named entries) and
 * {@link io.ferry.policy.support.LibraryVersions} (the library versions a model records in its provenance).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.ferry.policy.support;
