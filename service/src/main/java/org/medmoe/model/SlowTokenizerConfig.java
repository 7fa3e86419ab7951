package org.medmoe.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a slow GPT-2/CodeGen tokenizer reads besides its vocabulary, resolved as transformers 4.37
 * (the version the reference pins) does in {@code from_pretrained}: with {@code added_tokens_decoder}
 * in {@code tokenizer_config.json}, the added tokens and their flags come from there and the special
 * tokens from that file's {@code *_token} keys; without it (older checkpoints),
 * {@code special_tokens_map.json} overrides those keys and {@code added_tokens.json} lists the added
 * tokens. {@code bos}, {@code eos} and {@code unk} default to {@code <|endoftext|>}; a special token
 * that is not an added token yet becomes one, with its vocabulary id or the next free id.
 *
 * @param added every added token (special ones included)
 * @param specialTokens the contents of the special tokens (skipped when decoding)
 * @param unkToken the unknown token, or null
 * @param addPrefixSpace {@code add_prefix_space}: a space is put before the text
 * @param cleanUpSpaces {@code clean_up_tokenization_spaces} (default true in transformers 4.37)
 */
record SlowTokenizerConfig(AddedTokens added, Set<String> specialTokens, String unkToken, boolean addPrefixSpace,
        boolean cleanUpSpaces) {
    static final String CONFIG = "tokenizer_config.json";
    static final String SPECIAL_MAP = "special_tokens_map.json";
    static final String ADDED = "added_tokens.json";
    private static final List<String> SPECIAL_KEYS = List.of("bos_token", "eos_token", "unk_token", "sep_token",
            "pad_token", "cls_token", "mask_token");
    private static final String ADDITIONAL = "additional_special_tokens";
    private static final String ENDOFTEXT = "<|endoftext|>";
    private static final Set<String> CLASSES = Set.of("GPT2Tokenizer", "GPT2TokenizerFast", "CodeGenTokenizer",
            "CodeGenTokenizerFast");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws ModelLoadException a file is present but malformed (named, with the key) */
    static SlowTokenizerConfig load(Path dir, BpeModel vocab) {
        ObjectNode config = readObject(dir.resolve(CONFIG));
        String tokenizerClass = config.path("tokenizer_class").asText(null);
        if (tokenizerClass != null && !CLASSES.contains(tokenizerClass)) {
            throw new ModelLoadException("tokenizer file " + dir.resolve(CONFIG) + " names tokenizer_class "
                    + tokenizerClass + "; the bpe kind implements GPT2Tokenizer and CodeGenTokenizer only");
        }
        Map<String, JsonNode> specials = new LinkedHashMap<>();
        for (String key : SPECIAL_KEYS) {
            if (config.has(key)) {
                specials.put(key, config.get(key));
            }
        }
        List<JsonNode> additional = new ArrayList<>();
        config.path(ADDITIONAL).forEach(additional::add);
        Map<Integer, AddedTokens.Entry> entries = new LinkedHashMap<>();
        if (config.has("added_tokens_decoder")) {
            readAddedTokensDecoder(dir.resolve(CONFIG), config.get("added_tokens_decoder"), entries);
        } else {
            readSpecialsMapAndAddedTokens(dir, specials, additional, entries);
        }
        for (String key : List.of("bos_token", "eos_token", "unk_token")) {
            specials.putIfAbsent(key, JsonNodeFactory.instance.textNode(ENDOFTEXT));
        }
        List<JsonNode> all = new ArrayList<>();
        specials.values().stream().filter(v -> !v.isNull()).forEach(all::add);
        all.addAll(additional);
        Set<String> contents = new HashSet<>();
        entries.values().forEach(e -> contents.add(e.content()));
        int nextId = vocab.count() + (int) contents.stream().filter(c -> vocab.id(c) == null).count();
        Set<String> specialTokens = new HashSet<>();
        for (JsonNode token : all) {
            String content = content(token);
            specialTokens.add(content);
            if (contents.add(content)) {
                Integer known = vocab.id(content);
                int id = known != null ? known : nextId++;
                entries.put(id, new AddedTokens.Entry(id, content, token.path("lstrip").asBoolean(false),
                        token.path("rstrip").asBoolean(false), token.path("single_word").asBoolean(false), true));
            }
        }
        JsonNode unk = specials.get("unk_token");
        return new SlowTokenizerConfig(new AddedTokens(new ArrayList<>(entries.values())), Set.copyOf(specialTokens),
                unk == null || unk.isNull() ? null : content(unk), config.path("add_prefix_space").asBoolean(false),
                config.path("clean_up_tokenization_spaces").asBoolean(true));
    }

    /**
     * Without an {@code added_tokens_decoder}: the special tokens of {@code special_tokens_map.json}
     * join {@code specials} and {@code additional}, then {@code added_tokens.json} fills {@code entries}.
     */
    private static void readSpecialsMapAndAddedTokens(Path dir, Map<String, JsonNode> specials,
            List<JsonNode> additional, Map<Integer, AddedTokens.Entry> entries) {
        ObjectNode map = readObject(dir.resolve(SPECIAL_MAP));
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (SPECIAL_KEYS.contains(e.getKey())) {
                specials.put(e.getKey(), e.getValue());
            } else if (ADDITIONAL.equals(e.getKey())) {
                e.getValue().forEach(t -> {
                    if (additional.stream().noneMatch(a -> content(a).equals(content(t)))) {
                        additional.add(t);
                    }
                });
            }
        }
        Set<String> specialContents = new HashSet<>();
        specials.values().stream().filter(v -> !v.isNull()).forEach(v -> specialContents.add(content(v)));
        additional.forEach(v -> specialContents.add(content(v)));
        readAddedTokensFile(dir.resolve(ADDED), specialContents, entries);
    }

    private static void readAddedTokensDecoder(Path file, JsonNode decoder, Map<Integer, AddedTokens.Entry> entries) {
        if (!decoder.isObject()) {
            throw new ModelLoadException("tokenizer file " + file + ": added_tokens_decoder must be an object of id "
                    + "to token");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = decoder.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = parseId(file, "added_tokens_decoder key", e.getKey());
            JsonNode t = e.getValue();
            if (!t.path("content").isTextual() || t.path("content").asText().isEmpty()) {
                throw new ModelLoadException("tokenizer file " + file + ": added_tokens_decoder." + id
                        + ".content must be a non-empty string");
            }
            entries.put(id, new AddedTokens.Entry(id, t.get("content").asText(), t.path("lstrip").asBoolean(false),
                    t.path("rstrip").asBoolean(false), t.path("single_word").asBoolean(false),
                    t.path("special").asBoolean(false)));
        }
    }

    private static void readAddedTokensFile(Path file, Set<String> specialContents,
            Map<Integer, AddedTokens.Entry> entries) {
        ObjectNode added = readObject(file);
        for (Iterator<Map.Entry<String, JsonNode>> it = added.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isIntegralNumber() || e.getValue().asInt(-1) < 0 || e.getKey().isEmpty()) {
                throw new ModelLoadException("tokenizer file " + file + ": the id of '" + e.getKey()
                        + "' must be a non-negative integer, got " + e.getValue());
            }
            int id = e.getValue().intValue();
            entries.put(id, new AddedTokens.Entry(id, e.getKey(), false, false, false,
                    specialContents.contains(e.getKey())));
        }
    }

    private static int parseId(Path file, String what, String text) {
        try {
            int id = Integer.parseInt(text);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelLoadException("tokenizer file " + file + ": " + what + " '" + text + "' is not a token id");
    }

    /** A special token value: a string, or an AddedToken object with {@code content}. */
    private static String content(JsonNode value) {
        return value.isObject() ? value.path("content").asText() : value.asText();
    }

    /** The JSON object in {@code file}; an empty object when the (optional) file is absent. */
    private static ObjectNode readObject(Path file) {
        if (!Files.isRegularFile(file)) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelLoadException("tokenizer file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException("tokenizer file " + file + " could not be read: " + e.getMessage(), e);
        }
        if (!(doc instanceof ObjectNode object)) {
            throw new ModelLoadException("tokenizer file " + file + " must hold a JSON object");
        }
        return object;
    }
}
