/** The hybrid policy and its page clustering: private to the bundle. */
package io.ferry.policy.hybrid.internal;
