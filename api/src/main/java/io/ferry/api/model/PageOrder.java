package io.ferry.api.model;

import java.util.Arrays;

/**
 * An ordered list of page numbers: the pages one pre-copy round sends, or the order in which a post-copy
 * background push sends what is missing. Immutable: the array is copied in and out.
 *
 * <p>Cost: O(n) memory and one copy on construction; {@link #get(int)} is O(1). A 4 GiB VM with 4 KiB pages
 * has about one million pages, so an order over every page costs 4 MiB.
 */
public final class PageOrder {

    private final int[] pages;

    /**
     * @param pages page numbers, each &gt;= 0, without duplicates (not checked: the engine ignores repeats)
     */
    public PageOrder(int[] pages) {
        Require.nonNull(pages, "pages");
        this.pages = pages.clone();
        for (int page : this.pages) {
            if (page < 0) {
                throw new IllegalArgumentException("page = " + page + ": page numbers must be >= 0");
            }
        }
    }

    /** @return the number of pages in the order */
    public int size() {
        return pages.length;
    }

    /** @return the page at position {@code index} */
    public int get(int index) {
        return pages[index];
    }

    /** @return a copy of the pages, in order */
    public int[] toArray() {
        return pages.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PageOrder that && Arrays.equals(pages, that.pages);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pages);
    }

    @Override
    public String toString() {
        return "PageOrder[" + pages.length + " pages]";
    }
}
