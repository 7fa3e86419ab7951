package org.medmoe.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tiktoken's encoding on a {@code .tiktoken} file with {@link Arcade100k}'s pattern and special
 * tokens, as the reference's {@code Arcade100kTokenizer} runs it: the text is put in NFC, special
 * tokens written in it are taken out first (the earliest, then the longest), every other stretch is
 * split with the pattern, and each piece is its own token when ranked, else its bytes are merged
 * pair by pair, the lowest-ranked adjacent pair first (the leftmost of equals). Decoding skips
 * special tokens and unknown ids and replaces invalid UTF-8 with U+FFFD. Lone surrogates are read
 * as U+FFFD (as tiktoken does). Immutable; thread-safe.
 */
final class TiktokenTokenizer implements PromptTokenizer {
    private final TiktokenRanks ranks;
    private final Pattern pattern;
    private final Map<String, Integer> special;
    private final Map<Integer, String> specialById = new HashMap<>();
    private final Pattern specialPattern;
    private final int size;

    TiktokenTokenizer(TiktokenRanks ranks, Pattern pattern, Map<String, Integer> special) {
        this.ranks = ranks;
        this.pattern = pattern;
        this.special = Map.copyOf(special);
        int max = ranks.size() - 1;
        for (Map.Entry<String, Integer> e : special.entrySet()) {
            if (ranks.bytes(e.getValue()) != null) {
                throw new ModelLoadException("the special token " + e.getKey() + " has id " + e.getValue()
                        + ", which the tiktoken file already gives to a token");
            }
            specialById.put(e.getValue(), e.getKey());
            max = Math.max(max, e.getValue());
        }
        List<String> longestFirst = new ArrayList<>(special.keySet());
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        this.specialPattern = longestFirst.isEmpty() ? null
                : Pattern.compile(String.join("|", longestFirst.stream().map(Pattern::quote).toList()));
        this.size = max + 1;
    }

    /** @throws ModelLoadException the file is missing or malformed (named, with the line) */
    static TiktokenTokenizer load(Path file) {
        return new TiktokenTokenizer(TiktokenRanks.load(file), Arcade100k.PATTERN, Arcade100k.SPECIAL_TOKENS);
    }

    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String normal = nfc(TokenText.withoutLoneSurrogates(text));
        List<Integer> ids = new ArrayList<>();
        Matcher specials = specialPattern == null ? null : specialPattern.matcher(normal);
        int start = 0;
        while (true) {
            boolean found = specials != null && specials.find(start);
            int end = found ? specials.start() : normal.length();
            encodeOrdinary(normal.substring(start, end), ids);
            if (!found) {
                break;
            }
            ids.add(special.get(specials.group()));
            start = specials.end();
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** NFC; text below U+0300 (no combining marks, no Hangul) is NFC already and is returned as is. */
    private static String nfc(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x300) {
                return Normalizer.normalize(text, Normalizer.Form.NFC);
            }
        }
        return text;
    }

    private void encodeOrdinary(String text, List<Integer> ids) {
        Matcher pieces = pattern.matcher(text);
        while (pieces.find()) {
            byte[] bytes = pieces.group().getBytes(StandardCharsets.UTF_8);
            Integer whole = ranks.rank(TiktokenRanks.latin1(bytes));
            if (whole != null) {
                ids.add(whole);
            } else {
                bytePairEncode(bytes, ids);
            }
        }
    }

    /** tiktoken's {@code byte_pair_encode}: merge the lowest-ranked adjacent pair until none is ranked. */
    private void bytePairEncode(byte[] piece, List<Integer> ids) {
        String all = TiktokenRanks.latin1(piece);
        int[] bounds = new int[piece.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = i;
        }
        int parts = piece.length;
        while (parts > 1) {
            int best = Integer.MAX_VALUE;
            int at = -1;
            for (int i = 0; i + 1 < parts; i++) {
                Integer rank = ranks.rank(all.substring(bounds[i], bounds[i + 2]));
                if (rank != null && rank < best) {
                    best = rank;
                    at = i;
                }
            }
            if (at < 0) {
                break;
            }
            System.arraycopy(bounds, at + 2, bounds, at + 1, parts - at - 1);
            parts--;
        }
        for (int i = 0; i < parts; i++) {
            Integer rank = ranks.rank(all.substring(bounds[i], bounds[i + 1]));
            if (rank == null) {
                throw new IllegalStateException("no rank for a single byte; the file was checked at load");
            }
            ids.add(rank);
        }
    }

    @Override
    public String decode(int[] ids) {
        ByteLevel.ByteSink bytes = new ByteLevel.ByteSink();
        for (int id : ids) {
            byte[] token = specialById.containsKey(id) ? null : ranks.bytes(id);
            if (token != null) {
                bytes.add(token);
            }
        }
        return TokenText.strip(bytes.takeText());
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void close() {
        // nothing native to release
    }

}
