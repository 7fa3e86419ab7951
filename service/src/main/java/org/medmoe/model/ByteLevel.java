package org.medmoe.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's reversible byte-to-unicode mapping: the 188 printable Latin-1 bytes stand for
 * themselves, the other 68 for U+0100..U+0143 in byte order (so the space byte is {@code Ġ}).
 * Byte-level BPE vocabularies are written in these characters. Stateless.
 */
final class ByteLevel {
    private static final char[] TO_CHAR = new char[256];
    private static final int[] TO_BYTE = new int[0x144];

    static {
        Arrays.fill(TO_BYTE, -1);
        int next = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + next++);
            TO_CHAR[b] = c;
            TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {
    }

    /** The character byte {@code b} (0..255) is written as. */
    static char charOf(int b) {
        return TO_CHAR[b];
    }

    /** The UTF-8 bytes of {@code text}, each written as its mapped character. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /**
     * Appends the bytes {@code token} stands for to {@code sink}; a character outside the mapping
     * (a vocabulary entry that is not byte-level) contributes its own UTF-8 bytes.
     */
    static void appendBytes(String token, ByteSink sink) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            int b = c < TO_BYTE.length ? TO_BYTE[c] : -1;
            if (b >= 0) {
                sink.add(b);
            } else {
                int cp = token.codePointAt(i);
                for (byte raw : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    sink.add(raw & 0xFF);
                }
                i += Character.charCount(cp) - 1;
            }
        }
    }

    /** A growable byte buffer, decoded as UTF-8 with replacement at the end. Not thread-safe. */
    static final class ByteSink {
        private byte[] bytes = new byte[64];
        private int length;

        void add(int b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, length * 2);
            }
            bytes[length++] = (byte) b;
        }

        void add(byte[] more) {
            for (byte b : more) {
                add(b & 0xFF);
            }
        }

        boolean isEmpty() {
            return length == 0;
        }

        /** The bytes so far as text (see {@link TokenText#decodeUtf8}); empties the sink. */
        String takeText() {
            String text = TokenText.decodeUtf8(bytes, length);
            length = 0;
            return text;
        }
    }
}
