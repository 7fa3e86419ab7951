package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pre-tokenisation patterns on hand-checked cases (the comparison tests cover thousands more). */
class SplitPatternsTest {

    static List<String> pieces(Pattern pattern, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void shouldSplitAsGpt2Does() {
        assertThat(pieces(SplitPatterns.GPT2, "Hello  world")).containsExactly("Hello", " ", " world");
        assertThat(pieces(SplitPatterns.GPT2, "it's 12345 DON'T")).containsExactly("it", "'s", " 12345", " DON", "'", "T");
        // only the ASCII space joins the word after it
        assertThat(pieces(SplitPatterns.GPT2, "a\u00a0\u3000b")).containsExactly("a", "\u00a0", "\u3000", "b");
        assertThat(pieces(SplitPatterns.GPT2, "5 µg at 37 °C")).containsExactly("5", " µg", " at", " 37", " °", "C");
    }

    @Test
    void shouldSplitAsArcade100kDoes() {
        assertThat(pieces(SplitPatterns.ARCADE100K, "123abc")).containsExactly("1", "2", "3", "abc");
        assertThat(pieces(SplitPatterns.ARCADE100K, "x\n\n  y")).containsExactly("x", "\n\n", " ", " y");
        assertThat(pieces(SplitPatterns.ARCADE100K, "Hello!!\n\nWorld")).containsExactly("Hello", "!!\n\n", "World");
        // contractions match case-insensitively, with the long s folding to s
        assertThat(pieces(SplitPatterns.ARCADE100K, "DON'Tx 'ſx")).containsExactly("DON", "'T", "x", " '", "ſx");
        assertThat(pieces(SplitPatterns.ARCADE100K, "'ſx")).containsExactly("'ſ", "x");
        // U+0085 is White_Space (as in Rust's regex); U+001C is not
        assertThat(pieces(SplitPatterns.ARCADE100K, "a\u0085\u0085b")).containsExactly("a", "\u0085", "\u0085b");
        assertThat(pieces(SplitPatterns.ARCADE100K, "a\u001c\u001cb")).containsExactly("a", "\u001c\u001c", "b");
    }
}
