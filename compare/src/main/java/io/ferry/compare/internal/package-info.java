/** The comparison's implementation: scenario-file parsing, the report writers. Private to the bundle. */
package io.ferry.compare.internal;
