/**
 * The page-level migration model's machinery behind {@link io.ferry.datacenter.PageLevelMigrationModel}: the
 * quantisation of a job into a bucket, the bounded memo of one engine run per bucket, and the engine run itself.
 * Private to the bundle, unversioned.
 */
package io.ferry.datacenter.internal.pagelevel;
