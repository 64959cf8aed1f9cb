package io.coterie.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlEncodingTest {

    @Test
    void keepsOnlyUnreservedCharacters() {
        assertThat(UrlEncoding.encode("AZaz09-._~")).isEqualTo("AZaz09-._~");
    }

    @Test
    void escapesWhatWouldChangeTheUrlsMeaning() {
        assertThat(UrlEncoding.encode("a b")).isEqualTo("a%20b");
        assertThat(UrlEncoding.encode("100%")).isEqualTo("100%25");
        assertThat(UrlEncoding.encode("what?")).isEqualTo("what%3F");
        assertThat(UrlEncoding.encode("#1")).isEqualTo("%231");
        assertThat(UrlEncoding.encode("a;b=c")).isEqualTo("a%3Bb%3Dc");
        assertThat(UrlEncoding.encode("a+b&c")).isEqualTo("a%2Bb%26c");
        assertThat(UrlEncoding.encode("x/y")).isEqualTo("x%2Fy");
    }

    @Test
    void escapesNonAsciiAsUtf8Bytes() {
        assertThat(UrlEncoding.encode("é")).isEqualTo("%C3%A9");
        assertThat(UrlEncoding.encode("日本")).isEqualTo("%E6%97%A5%E6%9C%AC");
        assertThat(UrlEncoding.encode("\uD83D\uDE00")).isEqualTo("%F0%9F%98%80");
    }

    @Test
    void keysKeepTheirSlashesBetweenEncodedSegments() {
        assertThat(UrlEncoding.encodePath("app/config")).isEqualTo("app/config");
        assertThat(UrlEncoding.encodePath("my app/a b/c%d?e#f;g")).isEqualTo("my%20app/a%20b/c%25d%3Fe%23f%3Bg");
        assertThat(UrlEncoding.encodePath("répertoire/ключ")).isEqualTo("r%C3%A9pertoire/%D0%BA%D0%BB%D1%8E%D1%87");
    }

    @Test
    void buildsQueriesInOrderLeavingOutNullsButKeepingEmptyValues() {
        assertThat(UrlEncoding.query(UrlEncoding.params("prefix", "", "after", null, "limit", 10)))
                .isEqualTo("?prefix=&limit=10");
        assertThat(UrlEncoding.query(UrlEncoding.params("prefix", "a b/c?&=#", "stale", true)))
                .isEqualTo("?prefix=a%20b%2Fc%3F%26%3D%23&stale=true");
        assertThat(UrlEncoding.query(UrlEncoding.params("after", null))).isEmpty();
    }
}
