package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-level BPE on a tiny hand-checked vocabulary ({@link BpeFixture}): merges by rank, added
 * tokens cut out as Hugging Face's slow tokenizers do, decoding, the legacy files, bad files.
 */
class ByteLevelBpeTokenizerTest {
    static final int EOT = 260;
    static final int TWO_SPACES = 261;
    static final int FOUR_SPACES = 263;
    static final int TWO_TABS = 264;

    @TempDir
    Path temp;

    /** The fixture with Phi-2-like added tokens: {@code <|endoftext|>} (special) and runs of spaces and tabs. */
    private Path phi2Like() throws IOException {
        Path dir = BpeFixture.write(temp.resolve("phi2"));
        ObjectNode config = BpeFixture.JSON.createObjectNode();
        ObjectNode added = config.putObject("added_tokens_decoder");
        added.set(String.valueOf(EOT), BpeFixture.token("<|endoftext|>", true));
        added.set(String.valueOf(TWO_SPACES), BpeFixture.token("  ", false));
        added.set("262", BpeFixture.token("   ", false));
        added.set(String.valueOf(FOUR_SPACES), BpeFixture.token("    ", false));
        added.set(String.valueOf(TWO_TABS), BpeFixture.token("\t\t", false));
        config.put("bos_token", "<|endoftext|>").put("eos_token", "<|endoftext|>").put("unk_token", "<|endoftext|>")
                .put("tokenizer_class", "CodeGenTokenizer");
        BpeFixture.config(dir, config);
        return dir;
    }

    @Test
    void shouldMergeTheLowestRankedPairFirstAsGpt2Does() throws IOException {
        try (PromptTokenizer bpe = ByteLevelBpeTokenizer.load(BpeFixture.write(temp.resolve("t")))) {
            assertThat(bpe.encode("the the")).containsExactly('t', BpeFixture.HE, BpeFixture.G_THE);
            assertThat(bpe.encode(" a")).containsExactly(BpeFixture.G_A);
            assertThat(bpe.encode("a")).containsExactly('a');
            assertThat(bpe.encode("")).isEmpty();
            // bytes of non-ASCII text are their own ids here: é is C3 A9
            assertThat(bpe.encode("é")).containsExactly(0xC3, 0xA9);
        }
    }

    @Test
    void shouldCutOutTheLongestRunOfSpacesFromTheEarliestStartAsPhi2Does() throws IOException {
        try (PromptTokenizer bpe = ByteLevelBpeTokenizer.load(phi2Like())) {
            assertThat(bpe.encode("a    b")).containsExactly('a', FOUR_SPACES, 'b');
            // five spaces: the run of four, then " b" as GPT-2 text
            assertThat(bpe.encode("a     b")).containsExactly('a', FOUR_SPACES, ' ', 'b');
            assertThat(bpe.encode("x\t\t\ty")).containsExactly('x', TWO_TABS, '\t', 'y');
            assertThat(bpe.encode("the the")).containsExactly('t', BpeFixture.HE, BpeFixture.G_THE);
        }
    }

    @Test
    void shouldRecogniseEndOfTextWrittenInTheText() throws IOException {
        try (PromptTokenizer bpe = ByteLevelBpeTokenizer.load(phi2Like())) {
            assertThat(bpe.encode("<|endoftext|>")).containsExactly(EOT);
            assertThat(bpe.encode("x<|endoftext|>y")).containsExactly('x', EOT, 'y');
            assertThat(bpe.encode("<|endoftext|")).containsExactly('<', '|', 'e', 'n', 'd', 'o', 'f', 't', 'e', 'x', 't', '|');
            assertThat(bpe.size()).isEqualTo(265);
        }
    }

    @Test
    void shouldPreferTheEarliestAddedTokenThenTheLongest() throws IOException {
        Path dir = BpeFixture.write(temp.resolve("trie"));
        ObjectNode config = BpeFixture.JSON.createObjectNode();
        ObjectNode added = config.putObject("added_tokens_decoder");
        added.set("300", BpeFixture.token("AB", false));
        added.set("301", BpeFixture.token("ABCD", false));
        added.set("302", BpeFixture.token("BC", false));
        BpeFixture.config(dir, config);
        try (PromptTokenizer bpe = ByteLevelBpeTokenizer.load(dir)) {
            assertThat(bpe.encode("ABCD")).containsExactly(301);
            assertThat(bpe.encode("ABCE")).containsExactly(300, 'C', 'E');
            assertThat(bpe.encode("XBCD")).containsExactly('X', 302, 'D');
            assertThat(bpe.encode("ABAB")).containsExactly(300, 300);
        }
    }

    @Test
    void shouldStripAroundAnAddedTokenAsItsFlagsSay() throws IOException {
        Path dir = BpeFixture.write(temp.resolve("flags"));
        ObjectNode config = BpeFixture.JSON.createObjectNode();
        ObjectNode added = config.putObject("added_tokens_decoder");
        added.set("270", BpeFixture.token("<mask>", true).put("lstrip", true));
        added.set("271", BpeFixture.token("<right>", true).put("rstrip", true));
        added.set("272", BpeFixture.token("pre", false).put("single_word", true));
        BpeFixture.config(dir, config);
        try (PromptTokenizer bpe = ByteLevelBpeTokenizer.load(dir)) {
            assertThat(bpe.encode("a <mask> b")).containsExactly('a', 270, ' ', 'b');
            assertThat(bpe.encode("a <right> b")).containsExactly('a', ' ', 271, 'b');
            assertThat(bpe.encode("pre fix")).containsExactly(272, ' ', 'f', 'i', 'x');
            // single_word: "pre" inside a word is not the added token
            assertThat(bpe.encode("prefix")).containsExactly('p', 'r', 'e', 'f', 'i', 'x');
        }
    }

    @Test
    void shouldDecodeSkippingSpecialTokensAndSettingPlainAddedTokensApart() throws IOException {
        try (PromptTokenizer bpe = ByteLevelBpeTokenizer.load(phi2Like())) {
            assertThat(bpe.decode(new int[] {'t', BpeFixture.HE, BpeFixture.G_THE})).isEqualTo("the the");
            assertThat(bpe.decode(new int[] {'x', EOT, 'y', EOT})).isEqualTo("xy");
            // transformers' _decode joins the text around a plain added token with single spaces
            assertThat(bpe.decode(new int[] {'a', FOUR_SPACES, 'b'})).isEqualTo("a      b");
            assertThat(bpe.decode(new int[] {' ', 'a', 9999, -1, ' '})).isEqualTo("a");
            // clean_up_tokenization_spaces (true unless the config says otherwise)
            assertThat(bpe.decode(bpe.encode("yes , it is ."))).isEqualTo("yes, it is.");
        }
    }

    @Test
    void shouldReplaceInvalidUtf8AsPythonDoes() throws IOException {
        try (PromptTokenizer bpe = ByteLevelBpeTokenizer.load(BpeFixture.write(temp.resolve("u")))) {
            assertThat(bpe.decode(new int[] {0xE2, 0x82})).isEqualTo("\uFFFD");
            assertThat(bpe.decode(new int[] {0xED, 0xA0, 0x80})).isEqualTo("\uFFFD\uFFFD\uFFFD");
            assertThat(bpe.decode(new int[] {'a', 0xFF, 'b'})).isEqualTo("a\uFFFDb");
            assertThat(bpe.decode(new int[] {0xF0, 0x9F, 0x98, 0x80})).isEqualTo("\uD83D\uDE00");
        }
    }

    @Test
    void shouldKeepSpacesBeforePunctuationWhenTheConfigTurnsCleanUpOff() throws IOException {
        Path dir = BpeFixture.write(temp.resolve("noclean"));
        BpeFixture.config(dir, BpeFixture.JSON.createObjectNode().put("clean_up_tokenization_spaces", false)
                .put("add_prefix_space", true));
        try (PromptTokenizer bpe = ByteLevelBpeTokenizer.load(dir)) {
            assertThat(bpe.decode(bpe.encode("yes , it is ."))).isEqualTo("yes , it is .");
            assertThat(bpe.encode("the")).containsExactly(BpeFixture.G_THE);
        }
    }

    @Test
    void shouldReadTheLegacyAddedTokensAndSpecialTokensMap() throws IOException {
        // Given an older checkpoint: added_tokens.json and special_tokens_map.json, no added_tokens_decoder
        Path dir = BpeFixture.write(temp.resolve("legacy"));
        BpeFixture.JSON.writeValue(dir.resolve("added_tokens.json").toFile(), Map.of("<|endoftext|>", EOT, "  ", 261));
        BpeFixture.JSON.writeValue(dir.resolve("special_tokens_map.json").toFile(), Map.of("bos_token", "<|endoftext|>",
                "eos_token", "<|endoftext|>", "unk_token", "<|extra_0|>", "pad_token", "<|extra_0|>"));
        try (PromptTokenizer bpe = ByteLevelBpeTokenizer.load(dir)) {
            // Then a special token in neither file gets the next id (as Med-MoE's training added <|extra_0|>)
            assertThat(bpe.encode("<|extra_0|>x<|endoftext|>")).containsExactly(262, 'x', EOT);
            assertThat(bpe.size()).isEqualTo(263);
            assertThat(bpe.decode(new int[] {262, 'a', 261, 'b', EOT})).isEqualTo("a    b");
        }
    }

    @Test
    void shouldNameAMissingOrMalformedFile() throws IOException {
        Path dir = BpeFixture.write(temp.resolve("bad"));
        Files.delete(dir.resolve("vocab.json"));
        assertThatThrownBy(() -> ByteLevelBpeTokenizer.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("vocab.json").hasMessageContaining("missing");
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0,", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ByteLevelBpeTokenizer.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("vocab.json is not valid JSON");
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": \"zero\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ByteLevelBpeTokenizer.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("the id of 'a' must be a non-negative integer");
        BpeFixture.write(dir);
        Files.writeString(dir.resolve("merges.txt"), "Ġ t\nh e\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ByteLevelBpeTokenizer.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("merges.txt: line 1 must be the '#version' header");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nĠ t\nh e x\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ByteLevelBpeTokenizer.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("merges.txt: line 3 must be two tokens");
        BpeFixture.write(dir);
        BpeFixture.config(dir, BpeFixture.JSON.createObjectNode().put("tokenizer_class", "LlamaTokenizer"));
        assertThatThrownBy(() -> ByteLevelBpeTokenizer.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer_config.json names tokenizer_class LlamaTokenizer");
        ObjectNode config = BpeFixture.JSON.createObjectNode();
        config.putObject("added_tokens_decoder").set("x", BpeFixture.token("<x>", true));
        BpeFixture.config(dir, config);
        assertThatThrownBy(() -> ByteLevelBpeTokenizer.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("added_tokens_decoder key 'x' is not a token id");
    }
}
