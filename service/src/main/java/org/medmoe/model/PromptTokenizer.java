package org.medmoe.model;

import java.nio.file.Path;

/**
 * Turns prompt text into the model's token ids and generated ids back into text. Three kinds, named
 * as in the manifest's {@code tokenizer.kind} ({@link TokenizerKind}): a Hugging Face
 * {@code tokenizer.json}, the slow byte-level BPE files of GPT-2/CodeGen ({@code vocab.json} +
 * {@code merges.txt}), and a tiktoken file with Arcade100k's split pattern and special tokens.
 *
 * <p>Implementations are immutable after loading (apart from internal caches that are safe for
 * concurrent use), so {@link #encode} and {@link #decode} may be called from any number of threads.
 * The {@link MedMoeModel} that loaded one closes it.
 */
interface PromptTokenizer extends AutoCloseable {

    /**
     * Token ids of {@code text}. No special tokens are added (no BOS, no EOS); special and added
     * tokens written in the text (such as {@code <|endoftext|>}) are recognised and get their ids.
     * The empty text gives no ids.
     */
    int[] encode(String text);

    /**
     * Text of {@code ids}: special tokens and ids the tokenizer does not define are skipped, bytes
     * that are not valid UTF-8 become U+FFFD, and surrounding whitespace is stripped (as the
     * reference's {@code decode(..., skip_special_tokens=True).strip()}).
     */
    String decode(int[] ids);

    /** How many ids it can produce: its highest token id + 1. */
    int size();

    @Override
    void close();

    /**
     * Loads the tokenizer of {@code kind} from the files in {@code dir}.
     *
     * @param kind {@code tokenizer.json}, {@code bpe} or {@code tiktoken}
     * @throws ModelLoadException the kind is unknown, or a file it needs is missing or malformed
     *     (the message names the file and the problem)
     */
    static PromptTokenizer load(Path dir, String kind) {
        return switch (TokenizerKind.of(kind)) {
            case TOKENIZER_JSON -> HfJsonTokenizer.load(dir.resolve(TokenizerKind.TOKENIZER_JSON.fileName()));
            case BPE -> ByteLevelBpeTokenizer.load(dir);
            case TIKTOKEN -> TiktokenTokenizer.load(TokenizerKind.tiktokenFile(dir));
        };
    }

    /**
     * The kind of tokenizer whose files {@code dir} holds: {@code tokenizer.json} when that file is
     * there, else {@code bpe} when {@code vocab.json} and {@code merges.txt} are, else
     * {@code tiktoken} when there is exactly one {@code *.tiktoken} file.
     *
     * @throws ModelLoadException none of these, or several {@code *.tiktoken} files
     */
    static String detectKind(Path dir) {
        return TokenizerKind.detect(dir).id();
    }

    /**
     * The tokenizer the manifest names ({@code tokenizer.json} when it names none), checked against
     * the manifest: every id it can produce must be below {@code decoder.vocabSize}, and its size
     * must be {@code tokenizer.size} when that is given (the exporter computed it in Python).
     *
     * @throws ModelLoadException as {@link #load}, or the tokenizer is larger than the vocabulary or
     *     of another size than the manifest says
     */
    static PromptTokenizer forModel(Path dir, ModelManifest manifest) {
        PromptTokenizer tokenizer = load(dir, manifest.tokenizerKind());
        int size = tokenizer.size();
        int declared = manifest.tokenizer() == null ? 0 : manifest.tokenizer().size();
        String problem = size > manifest.decoder().vocabSize()
                ? "has ids up to " + (size - 1) + ", beyond decoder.vocabSize " + manifest.decoder().vocabSize()
                : declared > 0 && declared != size
                ? "defines " + size + " ids, but tokenizer.size says " + declared : null;
        if (problem != null) {
            tokenizer.close();
            throw new ModelLoadException("the " + manifest.tokenizerKind() + " tokenizer in " + dir + " " + problem
                    + " (" + ManifestReader.FILE + ")");
        }
        return tokenizer;
    }
}
