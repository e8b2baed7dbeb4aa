/** The library bundle's activator: private to the bundle. */
package io.ferry.ml.dl4j.internal;
