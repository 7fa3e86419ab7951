package org.medmoe.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The slow Hugging Face {@code GPT2Tokenizer} / {@code CodeGenTokenizer} (Phi-2's) on
 * {@code vocab.json} + {@code merges.txt} and the optional {@code added_tokens.json},
 * {@code tokenizer_config.json} and {@code special_tokens_map.json}, as transformers 4.37 runs it:
 * added tokens are cut out first ({@link AddedTokens}), the rest is split with GPT-2's pattern, each
 * piece's UTF-8 bytes are written as byte-level characters and merged by {@link BpeModel}; a token
 * the vocabulary lacks becomes the unknown token. Decoding follows {@code PreTrainedTokenizer._decode}
 * with {@code skip_special_tokens=True}: plain added tokens are set apart by single spaces, and
 * {@code clean_up_tokenization_spaces} applies when the config asks for it (the default).
 * Immutable apart from the BPE cache; thread-safe. Lone surrogates are read as U+FFFD.
 */
final class ByteLevelBpeTokenizer implements PromptTokenizer {
    private final BpeModel bpe;
    private final SlowTokenizerConfig config;
    private final Set<Integer> specialIds;
    private final Integer unkId;
    private final int size;

    private ByteLevelBpeTokenizer(BpeModel bpe, SlowTokenizerConfig config) {
        this.bpe = bpe;
        this.config = config;
        this.unkId = config.unkToken() == null ? null : idOf(config.unkToken());
        Set<Integer> special = new HashSet<>();
        for (String token : config.specialTokens()) {
            Integer id = idOf(token);
            if (id != null) {
                special.add(id);
            } else if (unkId != null) {
                special.add(unkId);
            }
        }
        this.specialIds = Set.copyOf(special);
        int max = bpe.size() - 1;
        for (AddedTokens.Entry e : config.added().entries()) {
            max = Math.max(max, e.id());
        }
        this.size = max + 1;
    }

    /** @throws ModelLoadException a file is missing or malformed (named, with the problem) */
    static ByteLevelBpeTokenizer load(Path dir) {
        BpeModel bpe = BpeModel.load(dir.resolve(TokenizerKind.VOCAB), dir.resolve(TokenizerKind.MERGES));
        return new ByteLevelBpeTokenizer(bpe, SlowTokenizerConfig.load(dir, bpe));
    }

    private Integer idOf(String token) {
        AddedTokens.Entry added = config.added().get(token);
        return added != null ? Integer.valueOf(added.id()) : bpe.id(token);
    }

    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String prepared = TokenText.withoutLoneSurrogates(config.addPrefixSpace() ? " " + text : text);
        List<Integer> ids = new ArrayList<>();
        for (String piece : config.added().split(prepared)) {
            AddedTokens.Entry added = config.added().get(piece);
            if (added != null) {
                ids.add(added.id());
                continue;
            }
            Matcher words = SplitPatterns.GPT2.matcher(piece);
            while (words.find()) {
                for (String token : bpe.bpe(ByteLevel.encode(words.group()))) {
                    ids.add(tokenId(token));
                }
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private int tokenId(String token) {
        Integer id = idOf(token);
        if (id == null) {
            id = unkId;
        }
        if (id == null) {
            throw new IllegalArgumentException("the BPE token '" + token + "' is not in " + TokenizerKind.VOCAB
                    + " and the tokenizer has no unknown token");
        }
        return id;
    }

    @Override
    public String decode(int[] ids) {
        List<String> texts = new ArrayList<>();
        ByteLevel.ByteSink bytes = new ByteLevel.ByteSink();
        boolean pending = false;
        for (int id : ids) {
            if (specialIds.contains(id)) {
                continue;
            }
            AddedTokens.Entry added = config.added().get(id);
            String token = added != null ? added.content() : bpe.token(id);
            if (token == null) {
                continue;
            }
            if (config.added().get(token) != null && !config.specialTokens().contains(token)) {
                if (pending) {
                    String text = bytes.takeText();
                    if (!text.isEmpty()) {
                        texts.add(text);
                    }
                    pending = false;
                }
                texts.add(token);
            } else {
                ByteLevel.appendBytes(token, bytes);
                pending = true;
            }
        }
        if (pending) {
            texts.add(bytes.takeText());
        }
        String text = String.join(" ", texts);
        return TokenText.strip(config.cleanUpSpaces() ? cleanUp(text) : text);
    }

    /** {@code PreTrainedTokenizerBase.clean_up_tokenization}. */
    static String cleanUp(String text) {
        return text.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
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
