package org.medmoe.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@code .tiktoken} file: one {@code base64(token bytes) rank} per line (blank lines ignored), the
 * rank being the token's id and its merge priority. Byte strings are held as ISO-8859-1 strings (one
 * char per byte) so they hash and compare by content. Immutable; thread-safe.
 */
final class TiktokenRanks {
    private final Map<String, Integer> ranks;
    private final byte[][] tokens;

    private TiktokenRanks(Map<String, Integer> ranks, byte[][] tokens) {
        this.ranks = ranks;
        this.tokens = tokens;
    }

    /**
     * @throws ModelLoadException the file is missing or unreadable, a line is malformed, a rank or a
     *     token repeats, or a single byte has no rank (the message names the file and line)
     */
    static TiktokenRanks load(Path file) {
        Map<String, Integer> ranks = new HashMap<>(1 << 18);
        int max = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+");
                byte[] bytes;
                int rank;
                try {
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("expected 'base64 rank'");
                    }
                    bytes = Base64.getDecoder().decode(parts[0]);
                    rank = Integer.parseInt(parts[1]);
                    if (rank < 0) {
                        throw new IllegalArgumentException("negative rank");
                    }
                } catch (IllegalArgumentException e) {
                    throw new ModelLoadException("tokenizer file " + file + ": line " + lineNo + " is not "
                            + "'base64(token) rank' (" + e.getMessage() + "): '" + shorten(line) + "'", e);
                }
                if (ranks.put(latin1(bytes), rank) != null) {
                    throw new ModelLoadException("tokenizer file " + file + ": line " + lineNo
                            + " repeats the token of an earlier line");
                }
                max = Math.max(max, rank);
            }
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("tokenizer file " + file + " is missing", e);
        } catch (IOException e) {
            throw new ModelLoadException("tokenizer file " + file + " could not be read: " + e.getMessage(), e);
        }
        if (ranks.isEmpty()) {
            throw new ModelLoadException("tokenizer file " + file + " has no ranks");
        }
        byte[][] tokens = new byte[max + 1][];
        for (Map.Entry<String, Integer> e : ranks.entrySet()) {
            if (tokens[e.getValue()] != null) {
                throw new ModelLoadException("tokenizer file " + file + ": rank " + e.getValue()
                        + " is given to two tokens");
            }
            tokens[e.getValue()] = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
        }
        for (int b = 0; b < 256; b++) {
            if (!ranks.containsKey(String.valueOf((char) b))) {
                throw new ModelLoadException("tokenizer file " + file + " has no rank for the single byte 0x"
                        + String.format("%02x", b) + "; every byte needs one");
            }
        }
        return new TiktokenRanks(Map.copyOf(ranks), tokens);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String shorten(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }

    /** The rank of the bytes {@code piece} holds (one char per byte), or null. */
    Integer rank(String piece) {
        return ranks.get(piece);
    }

    /** The bytes of the token ranked {@code rank}, or null. */
    byte[] bytes(int rank) {
        return rank >= 0 && rank < tokens.length ? tokens[rank] : null;
    }

    /** Highest rank + 1. */
    int size() {
        return tokens.length;
    }
}
