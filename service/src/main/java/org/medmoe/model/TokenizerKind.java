package org.medmoe.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The tokenizer kinds a model directory can hold, the manifest's names for them, and their files. */
enum TokenizerKind {
    /** A Hugging Face {@code tokenizer.json} (any model type DJL's tokenizers library reads). */
    TOKENIZER_JSON("tokenizer.json"),
    /** GPT-2/CodeGen byte-level BPE: {@code vocab.json}, {@code merges.txt} and optional added-token files. */
    BPE("bpe"),
    /** A tiktoken file ({@code *.tiktoken}) used with Arcade100k's split pattern and special tokens. */
    TIKTOKEN("tiktoken");

    static final String VOCAB = "vocab.json";
    static final String MERGES = "merges.txt";
    /** Optional files of the {@code bpe} kind, read when present. */
    static final List<String> BPE_OPTIONAL = List.of("added_tokens.json", "tokenizer_config.json",
            "special_tokens_map.json");
    static final String TIKTOKEN_SUFFIX = ".tiktoken";
    /** Copied with a {@code *.tiktoken} file when present (the exporter's {@code tokenizer_files.detect} does). */
    static final String TIKTOKEN_CONFIG = "tokenizer_config.json";

    private final String id;

    TokenizerKind(String id) {
        this.id = id;
    }

    /** The manifest's name of the kind. */
    String id() {
        return id;
    }

    /** The one file of {@link #TOKENIZER_JSON}. */
    String fileName() {
        return GraphNames.TOKENIZER_FILE;
    }

    /** @throws ModelLoadException {@code id} names no kind */
    static TokenizerKind of(String id) {
        for (TokenizerKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new ModelLoadException("unknown tokenizer kind '" + id + "': must be tokenizer.json, bpe or tiktoken");
    }

    /** Whether {@code id} names a kind. */
    static boolean isKnown(String id) {
        for (TokenizerKind kind : values()) {
            if (kind.id.equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** @throws ModelLoadException as {@link PromptTokenizer#detectKind} */
    static TokenizerKind detect(Path dir) {
        if (Files.isRegularFile(dir.resolve(GraphNames.TOKENIZER_FILE))) {
            return TOKENIZER_JSON;
        }
        if (Files.isRegularFile(dir.resolve(VOCAB)) && Files.isRegularFile(dir.resolve(MERGES))) {
            return BPE;
        }
        List<Path> tiktoken = tiktokenFiles(dir);
        if (tiktoken.size() == 1) {
            return TIKTOKEN;
        }
        throw new ModelLoadException(tiktoken.isEmpty()
                ? dir + " holds no tokenizer: neither tokenizer.json, nor vocab.json with merges.txt, nor a *.tiktoken file"
                : dir + " holds " + tiktoken.size() + " *.tiktoken files " + names(tiktoken) + ": keep one");
    }

    /**
     * The files of this kind present in {@code dir}, by name, required ones first: what the exporter
     * ({@code tools/medmoe_ref/tokenizer_files.py}) copies and the manifest lists.
     *
     * @throws ModelLoadException a required file is missing
     */
    List<String> files(Path dir) {
        return switch (this) {
            case TOKENIZER_JSON -> List.of(required(dir, fileName()));
            case BPE -> {
                List<String> files = new ArrayList<>(List.of(required(dir, VOCAB), required(dir, MERGES)));
                BPE_OPTIONAL.stream().filter(f -> Files.isRegularFile(dir.resolve(f))).forEach(files::add);
                yield List.copyOf(files);
            }
            case TIKTOKEN -> {
                List<String> files = new ArrayList<>(List.of(tiktokenFile(dir).getFileName().toString()));
                if (Files.isRegularFile(dir.resolve(TIKTOKEN_CONFIG))) {
                    files.add(TIKTOKEN_CONFIG);
                }
                yield List.copyOf(files);
            }
        };
    }

    /** @throws ModelLoadException {@code dir} holds no {@code *.tiktoken} file, or more than one */
    static Path tiktokenFile(Path dir) {
        List<Path> files = tiktokenFiles(dir);
        if (files.size() != 1) {
            throw new ModelLoadException(files.isEmpty() ? "tokenizer file " + dir.resolve("*" + TIKTOKEN_SUFFIX)
                    + " is missing" : dir + " holds " + files.size() + " *.tiktoken files " + names(files)
                    + ": keep one");
        }
        return files.get(0);
    }

    private static String required(Path dir, String name) {
        if (!Files.isRegularFile(dir.resolve(name))) {
            throw new ModelLoadException("tokenizer file " + dir.resolve(name) + " is missing");
        }
        return name;
    }

    private static List<Path> tiktokenFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(TIKTOKEN_SUFFIX) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ModelLoadException(dir + " could not be listed: " + e.getMessage(), e);
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }
}
