package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** UTF-8 decoding with replacement, stripping and surrogates, checked against what Python 3.11 gives. */
class TokenTextTest {

    private static String decode(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return TokenText.decodeUtf8(b, b.length);
    }

    @Test
    void shouldReplaceEachMaximalInvalidSubpartAsPythonDoes() {
        // bytes.decode("utf-8", "replace") in Python 3.11
        assertThat(decode(0xE2, 0x82, 0x41)).isEqualTo("\uFFFDA");
        assertThat(decode(0xED, 0xA0, 0x80)).isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(decode(0xF0, 0x9F, 0x98)).isEqualTo("\uFFFD");
        assertThat(decode(0xC0, 0xAF)).isEqualTo("\uFFFD\uFFFD");
        assertThat(decode(0xF4, 0x90, 0x80, 0x80)).isEqualTo("\uFFFD\uFFFD\uFFFD\uFFFD");
        assertThat(decode(0xE0, 0x80, 0x80)).isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(decode(0xFF, 0x41, 0x80)).isEqualTo("\uFFFDA\uFFFD");
        assertThat(decode(0xF0, 0x9F, 0x41, 0x98, 0x80)).isEqualTo("\uFFFDA\uFFFD\uFFFD");
        assertThat(decode(0x61, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80)).isEqualTo("aé\uD83D\uDE00");
    }

    @Test
    void shouldStripWhatPythonStrips() {
        assertThat(TokenText.strip("\u00a0\u001f\t x y \u3000\u0085")).isEqualTo("x y");
        assertThat(TokenText.strip("\u200bx")).isEqualTo("\u200bx");
        assertThat(TokenText.lstrip("  a ")).isEqualTo("a ");
        assertThat(TokenText.rstrip("  a ")).isEqualTo("  a");
    }

    @Test
    void shouldReplaceLoneSurrogatesOnly() {
        assertThat(TokenText.withoutLoneSurrogates("a\uD83D\uDE00b")).isEqualTo("a\uD83D\uDE00b");
        assertThat(TokenText.withoutLoneSurrogates("a\uD83Db\uDE00")).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(TokenText.withoutLoneSurrogates("\uD83D\uD83D\uDE00")).isEqualTo("\uFFFD\uD83D\uDE00");
    }
}
