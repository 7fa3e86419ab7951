package org.medmoe.model;

/**
 * Text helpers the tokenizers share, each matching what the Python reference does: UTF-8 decoding
 * with U+FFFD for every maximal invalid subpart (Python's {@code errors="replace"}, also the WHATWG
 * decoder's rule; the JDK's decoder replaces some sequences, such as encoded surrogates, with fewer
 * U+FFFD), Python's {@code str.strip()} whitespace, and lone surrogates made U+FFFD before encoding
 * (what tiktoken does; Python cannot encode them at all). Stateless.
 */
final class TokenText {
    private TokenText() {
    }

    /** {@code bytes[0, length)} as UTF-8, each maximal invalid subpart replaced by U+FFFD. */
    static String decodeUtf8(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                lo = b == 0xE0 ? 0xA0 : 0x80;
                hi = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                lo = b == 0xF0 ? 0x90 : 0x80;
                hi = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                out.append('\uFFFD');
                i++;
                continue;
            }
            int cp = b & (0xFF >> (need + 2));
            int j = 1;
            for (; j <= need && i + j < length; j++) {
                int c = bytes[i + j] & 0xFF;
                if (c < lo || c > hi) {
                    break;
                }
                cp = (cp << 6) | (c & 0x3F);
                lo = 0x80;
                hi = 0xBF;
            }
            if (j <= need) {
                out.append('\uFFFD');
                i += j;
            } else {
                out.appendCodePoint(cp);
                i += need + 1;
            }
        }
        return out.toString();
    }

    /** Whether Python's {@code str.isspace()} holds for {@code cp} (what {@code strip()} removes). */
    static boolean isPythonSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0
                || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029
                || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** Python's {@code text.strip()}. */
    static String strip(String text) {
        return rstrip(lstrip(text));
    }

    /** Python's {@code text.lstrip()}. */
    static String lstrip(String text) {
        int start = 0;
        while (start < text.length() && isPythonSpace(text.charAt(start))) {
            start++;
        }
        return text.substring(start);
    }

    /** Python's {@code text.rstrip()}. */
    static String rstrip(String text) {
        int end = text.length();
        while (end > 0 && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** {@code text} with every lone surrogate replaced by U+FFFD (the same string when it has none). */
    static String withoutLoneSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (lone && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(lone ? '\uFFFD' : c);
            }
        }
        return out == null ? text : out.toString();
    }
}
