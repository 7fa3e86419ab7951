package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tiktoken kind against js-tiktoken configured with the same ranks (GPT-2's, written as a
 * {@code .tiktoken} file from js-tiktoken's {@code r50k_base}), Arcade100k's split pattern and its
 * special tokens, on thousands of deterministic strings that mix those special tokens in.
 */
class TiktokenAgainstJsTiktokenTest {
    private static final Logger LOG = LoggerFactory.getLogger(TiktokenAgainstJsTiktokenTest.class);
    static final int STRINGS = 5000;

    @TempDir
    static Path files;

    @BeforeAll
    static void writeRanks() throws Exception {
        NodeTokenizers.assumeAvailable();
        NodeTokenizers.writeGpt2Files(files);
    }

    @Test
    void shouldGiveTheSameIdsAsJsTiktokenWithArcade100ksPatternAndSpecialTokens(@TempDir Path work) throws Exception {
        // Given GPT-2's ranks as a .tiktoken file, and thousands of strings
        Path ranks = files.resolve("gpt2.tiktoken");
        List<String> strings = TokenizerTestStrings.arcade(STRINGS);
        try (PromptTokenizer tiktoken = TiktokenTokenizer.load(ranks)) {
            // When js-tiktoken and ours encode them
            JsonNode truth = NodeTokenizers.arcade(ranks, strings, work);
            List<String> mismatches = new ArrayList<>();
            int tokens = 0;
            int specials = 0;
            for (int i = 0; i < strings.size(); i++) {
                int[] ours = tiktoken.encode(strings.get(i));
                int[] js = NodeTokenizers.ids(truth, "jsTiktoken", i);
                tokens += ours.length;
                specials += (int) Arrays.stream(ours).filter(id -> id >= Arcade100k.START_ID).count();
                if (!Arrays.equals(ours, js)) {
                    mismatches.add(ByteLevelBpeAgainstGpt2Test.escape(strings.get(i)) + ": ours " + Arrays.toString(ours)
                            + ", js-tiktoken " + Arrays.toString(js));
                }
            }
            LOG.info("{} strings, {} tokens ({} special): {} differ", strings.size(), tokens, specials, mismatches.size());
            // Then every string gets the same ids, special tokens included
            assertThat(specials).as("special tokens met").isGreaterThan(100);
            assertThat(mismatches).as("strings whose ids differ").isEmpty();
        }
    }

    @Test
    void shouldEncodeAPromptOfAFewHundredCharactersInWellUnderAMillisecond() {
        try (PromptTokenizer tiktoken = TiktokenTokenizer.load(files.resolve("gpt2.tiktoken"))) {
            double[] micros = EncodeTiming.measure(tiktoken, LOG, "tiktoken");
            assertThat(micros[0]).as("median µs per prompt, repeated prompts").isLessThan(1000);
            assertThat(micros[1]).as("median µs per prompt, prompts never seen").isLessThan(1000);
        }
    }

    @Test
    void shouldDecodeWhatItEncodedBackToTheNormalisedTextWithoutSpecialTokens() {
        try (PromptTokenizer tiktoken = TiktokenTokenizer.load(files.resolve("gpt2.tiktoken"))) {
            for (String s : TokenizerTestStrings.arcade(STRINGS)) {
                String expected = Normalizer.normalize(s, Normalizer.Form.NFC);
                for (String special : Arcade100k.SPECIAL_TOKENS.keySet()) {
                    expected = expected.replace(special, "");
                }
                assertThat(tiktoken.decode(tiktoken.encode(s))).as(ByteLevelBpeAgainstGpt2Test.escape(s))
                        .isEqualTo(TokenText.strip(expected));
            }
        }
    }
}
