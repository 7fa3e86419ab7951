package org.medmoe.model;

import java.util.regex.Pattern;

/**
 * The pre-tokenisation patterns: text is cut into the pieces these match, left to right, and each
 * piece is encoded on its own. {@code \p{L}} and {@code \p{N}} are Unicode letters and numbers;
 * whitespace is Unicode's White_Space property written out (what {@code \s} means in the Python
 * {@code regex} module GPT-2's tokenizer uses and in the Rust regex engine tiktoken uses; Java's
 * plain {@code \s} is ASCII only). Immutable, shared by every thread.
 */
final class SplitPatterns {
    /** Unicode White_Space, as the body of a character class. */
    static final String WHITE_SPACE = "\\t\\n\\x0B\\f\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
    private static final String S = "[" + WHITE_SPACE + "]";
    private static final String NOT_S = "[^" + WHITE_SPACE + "]";

    /**
     * GPT-2's pattern ({@code GPT2Tokenizer}, {@code CodeGenTokenizer}):
     * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}.
     */
    static final Pattern GPT2 = Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^" + WHITE_SPACE
            + "\\p{L}\\p{N}]+|" + S + "+(?!" + NOT_S + ")|" + S + "+");

    /**
     * Arcade100k's pattern (the reference's {@code tokenization_arcade100k.py}):
     * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}.
     * The case-insensitive group is spelt out with its Unicode simple case folds ({@code ſ} folds to
     * {@code s}; no other character folds to one of these letters).
     */
    static final Pattern ARCADE100K = Pattern.compile("'(?:[sS\\u017F]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^" + WHITE_SPACE + "\\p{L}\\p{N}]+[\\r\\n]*|" + S + "*[\\r\\n]+|"
            + S + "+(?!" + NOT_S + ")|" + S + "+");

    private SplitPatterns() {
    }
}
