package io.ferry.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only, page-level view of a migration in flight, offered by engines with page-level control (the
 * simulation engine). Valid only during the call it is passed to. Lets a policy rank pages by write frequency,
 * locality and recency.
 *
 * <p>Cost: every method is O(1) except {@link #pendingPages()}, which is O(pages).
 */
@ProviderType
public interface PageView {

    /** @return the number of pages of the VM */
    int pageCount();

    /** @return the page size in bytes */
    int pageSizeBytes();

    /** @return seconds since the migration started */
    double elapsedSeconds();

    /** @return the number of pages not yet on the target in their current version */
    int pendingCount();

    /** @return the pending pages in ascending order (a fresh array) */
    int[] pendingPages();

    /** @return whether {@code page} is pending */
    boolean isPending(int page);

    /** @return how many times the guest wrote {@code page} since the migration started */
    int writeCount(int page);

    /** @return seconds since the migration started at which {@code page} was last written, or -1 if never */
    double lastWriteSeconds(int page);
}
