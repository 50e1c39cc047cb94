package dev.emporium.storefront.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaginationTests {

    @Test
    void showsTheFirstAndLastPageAndAWindowAroundTheCurrentOne() {
        Pagination pagination = Pagination.of(5, 12, index -> "/c/x?page=" + index);

        assertThat(pagination.links()).extracting(Pagination.Link::number).containsExactly(1, 0, 4, 5, 6, 7, 8, 0, 12);
        assertThat(pagination.links()).filteredOn(Pagination.Link::current).extracting(Pagination.Link::number)
            .containsExactly(6);
        assertThat(pagination.links().get(2).url()).isEqualTo("/c/x?page=3");
        assertThat(pagination.previous()).isEqualTo("/c/x?page=4");
        assertThat(pagination.next()).isEqualTo("/c/x?page=6");
        assertThat(pagination.needed()).isTrue();
    }

    @Test
    void hasNoPreviousOnTheFirstPageAndNoNextOnTheLast() {
        assertThat(Pagination.of(0, 3, index -> "p" + index).previous()).isNull();
        assertThat(Pagination.of(0, 3, index -> "p" + index).next()).isEqualTo("p1");
        assertThat(Pagination.of(2, 3, index -> "p" + index).next()).isNull();
        assertThat(Pagination.of(0, 1, index -> "p" + index).needed()).isFalse();
        assertThat(Pagination.of(0, 0, index -> "p" + index).links()).isEmpty();
    }

    @Test
    void aPagePastTheEndLeadsBackToTheLastPage() {
        Pagination pagination = Pagination.of(9, 3, index -> "p" + index);

        assertThat(pagination.previous()).isEqualTo("p2");
        assertThat(pagination.next()).isNull();
    }
}
