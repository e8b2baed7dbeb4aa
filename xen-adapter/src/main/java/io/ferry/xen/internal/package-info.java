/**
 * Ferry's XenServer / XCP-ng adapter: a {@link io.ferry.api.HypervisorAdapter} over the XenAPI SDK 8.1, which is
 * embedded privately with its XML-RPC client. Private to its bundle; nothing is exported.
 */
package io.ferry.xen.internal;
