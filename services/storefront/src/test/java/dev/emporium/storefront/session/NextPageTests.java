package dev.emporium.storefront.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NextPageTests {

    @Test
    void keepsPathsOfThisSite() {
        assertThat(NextPage.safe("/cart")).isEqualTo("/cart");
        assertThat(NextPage.safe("/p/p1?added=1")).isEqualTo("/p/p1?added=1");
        assertThat(NextPage.safe("/search?q=lamp%20desk&page=2")).isEqualTo("/search?q=lamp%20desk&page=2");
    }

    @Test
    void sendsAnythingElseHome() {
        for (String next : new String[] { null, "", "cart", "//evil.example", "/\\evil.example", "https://evil.example/",
                "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1", "/{x}", "/caf\u00e9" }) {
            assertThat(NextPage.safe(next)).as(String.valueOf(next)).isEqualTo("/");
        }
    }
}
