package org.medmoe.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code vocab.json} + {@code merges.txt}: GPT-2's BPE over byte-level characters, merging exactly
 * as Hugging Face's slow {@code GPT2Tokenizer.bpe} does (the lowest-ranked adjacent pair first,
 * every occurrence of it left to right, until no ranked pair is left), with a per-word cache.
 * Immutable apart from the cache (a concurrent map, emptied when it passes {@value #CACHE_LIMIT}
 * words); thread-safe.
 */
final class BpeModel {
    static final int CACHE_LIMIT = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> vocab;
    private final String[] tokens;
    private final Map<String, Integer> ranks;
    private final Map<String, String[]> cache = new ConcurrentHashMap<>();

    private BpeModel(Map<String, Integer> vocab, Map<String, Integer> ranks) {
        this.vocab = vocab;
        this.ranks = ranks;
        int max = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.tokens = new String[max + 1];
        vocab.forEach((token, id) -> tokens[id] = token);
    }

    /**
     * Reads {@code vocab.json} (token to id) and {@code merges.txt}. As the slow tokenizer does, the
     * first line of {@code merges.txt} (the {@code #version} header) and the text after its last
     * line break are not merges; each other line is two tokens separated by whitespace, ranked by
     * line order (blank lines are skipped; a repeated pair keeps its later rank).
     *
     * @throws ModelLoadException a file is missing, unreadable or malformed (named, with the line)
     */
    static BpeModel load(Path vocabFile, Path mergesFile) {
        return new BpeModel(readVocab(vocabFile), readMerges(mergesFile));
    }

    private static Map<String, Integer> readVocab(Path file) {
        JsonNode doc;
        try {
            doc = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("tokenizer file " + file + " is missing", e);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException("tokenizer file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException("tokenizer file " + file + " could not be read: " + e.getMessage(), e);
        }
        if (doc == null || !doc.isObject() || doc.isEmpty()) {
            throw new ModelLoadException("tokenizer file " + file + " must be a JSON object of token to id");
        }
        Map<String, Integer> vocab = new HashMap<>(doc.size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber() || e.getValue().intValue() < 0) {
                throw new ModelLoadException("tokenizer file " + file + ": the id of " + quoted(e.getKey())
                        + " must be a non-negative integer, got " + e.getValue());
            }
            vocab.put(e.getKey(), e.getValue().intValue());
        }
        return Map.copyOf(vocab);
    }

    private static Map<String, Integer> readMerges(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("tokenizer file " + file + " is missing", e);
        } catch (IOException e) {
            throw new ModelLoadException("tokenizer file " + file + " could not be read: " + e.getMessage(), e);
        }
        String[] lines = text.split("\n", -1);
        if (!lines[0].startsWith("#")) {
            throw new ModelLoadException("tokenizer file " + file + ": line 1 must be the '#version' header (the "
                    + "tokenizer skips the first line), got " + quoted(lines[0]));
        }
        Map<String, Integer> ranks = new HashMap<>(lines.length * 2);
        for (int i = 1; i < lines.length - 1; i++) {
            List<String> pair = words(lines[i]);
            if (pair.isEmpty()) {
                continue;
            }
            if (pair.size() != 2) {
                throw new ModelLoadException("tokenizer file " + file + ": line " + (i + 1)
                        + " must be two tokens separated by a space, got " + quoted(lines[i]));
            }
            ranks.put(pair.get(0) + ' ' + pair.get(1), i - 1);
        }
        return Map.copyOf(ranks);
    }

    /** Python's {@code line.split()}: the runs of non-whitespace. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>(2);
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean space = i == line.length() || TokenText.isPythonSpace(line.charAt(i));
            if (space && start >= 0) {
                words.add(line.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words;
    }

    private static String quoted(String s) {
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }

    /** The id of {@code token}, or null when the vocabulary lacks it. */
    Integer id(String token) {
        return vocab.get(token);
    }

    /** The token of {@code id}, or null when the vocabulary lacks it. */
    String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    /** Highest vocabulary id + 1. */
    int size() {
        return tokens.length;
    }

    /** Number of distinct tokens ({@code vocab_size} of the slow tokenizer). */
    int count() {
        return vocab.size();
    }

    /** The BPE tokens of one pre-tokenised, byte-level-encoded word. */
    String[] bpe(String word) {
        String[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        String[] result = merge(word);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(word, result);
        return result;
    }

    private String[] merge(String word) {
        List<String> parts = new ArrayList<>(word.length());
        for (int i = 0; i < word.length(); ) {
            int n = Character.charCount(word.codePointAt(i));
            parts.add(word.substring(i, i + n));
            i += n;
        }
        while (parts.size() > 1) {
            String first = null;
            String second = null;
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer rank = ranks.get(parts.get(i) + ' ' + parts.get(i + 1));
                if (rank != null && rank < best) {
                    best = rank;
                    first = parts.get(i);
                    second = parts.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                if (i + 1 < parts.size() && parts.get(i).equals(first) && parts.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(parts.get(i));
                }
            }
            parts = merged;
        }
        return parts.toArray(new String[0]);
    }
}
