package dev.emporium.storefront.catalog;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The pagination bar of a listing: previous/next and a window of page numbers around the current one, with the
 * first and last page always shown and gaps between. Pages count from 1 in URLs ({@code ?page=2} is the second).
 */
record Pagination(int page, int totalPages, @Nullable String previous, @Nullable String next, List<Link> links) {

    private static final int AROUND = 2;

    /** A page number with its URL, or a gap ({@code number} 0) between distant numbers. */
    record Link(int number, @Nullable String url, boolean current) {

        boolean gap() {
            return this.number == 0;
        }
    }

    boolean needed() {
        return this.totalPages > 1;
    }

    /** @param base the listing's path and query without the page; @param page 1-based */
    static Pagination of(UriComponentsBuilder base, int page, int totalPages) {
        List<Link> links = new ArrayList<>();
        int last = 0;
        for (int number = 1; number <= totalPages; number++) {
            boolean shown = number == 1 || number == totalPages || Math.abs(number - page) <= AROUND;
            if (!shown) {
                continue;
            }
            if (last != 0 && number > last + 1) {
                links.add(new Link(0, null, false));
            }
            links.add(new Link(number, url(base, number), number == page));
            last = number;
        }
        String previous = page > 1 && page <= totalPages + 1 ? url(base, page - 1) : null;
        String next = page < totalPages ? url(base, page + 1) : null;
        return new Pagination(page, totalPages, previous, next, links);
    }

    private static String url(UriComponentsBuilder base, int number) {
        UriComponentsBuilder builder = base.cloneBuilder();
        if (number > 1) {
            builder.replaceQueryParam("page", number);
        }
        return builder.encode().build().toUriString();
    }
}
