package dev.emporium.storefront.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * The pagination bar of a listing: previous/next and a window of page numbers around the current one, with the
 * first and last page always shown and gaps between. {@code ?page=} counts from 0 as the API does ({@code ?page=1}
 * is the second page); the numbers shown count from 1.
 *
 * @param page the current page, from 0
 */
public record Pagination(int page, int totalPages, @Nullable String previous, @Nullable String next, List<Link> links) {

    private static final int AROUND = 2;

    /** A page number as shown (from 1) with its URL, or a gap ({@code number} 0) between distant numbers. */
    public record Link(int number, @Nullable String url, boolean current) {

        public boolean gap() {
            return this.number == 0;
        }
    }

    public boolean needed() {
        return this.totalPages > 1;
    }

    /** @param page the current page, from 0; @param url the listing's URL for a page index (from 0) */
    static Pagination of(int page, int totalPages, IntFunction<String> url) {
        List<Link> links = new ArrayList<>();
        int last = -1;
        for (int index = 0; index < totalPages; index++) {
            boolean shown = index == 0 || index == totalPages - 1 || Math.abs(index - page) <= AROUND;
            if (!shown) {
                continue;
            }
            if (last >= 0 && index > last + 1) {
                links.add(new Link(0, null, false));
            }
            links.add(new Link(index + 1, url.apply(index), index == page));
            last = index;
        }
        String previous = page > 0 ? url.apply(Math.min(page - 1, Math.max(totalPages - 1, 0))) : null;
        String next = page < totalPages - 1 ? url.apply(page + 1) : null;
        return new Pagination(page, totalPages, previous, next, links);
    }
}
