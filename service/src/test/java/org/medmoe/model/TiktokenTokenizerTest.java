package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiktoken kind on tiny hand-checked ranks: the 256 bytes (rank = byte value), {@code th} 256,
 * {@code he} 257, {@code the} 258, {@code " t"} 259, {@code " the"} 260, {@code aa} 261, {@code 12} 262.
 */
class TiktokenTokenizerTest {
    static final int IM_START = 100277;
    static final int IM_END = 100278;

    @TempDir
    Path temp;

    private Path ranks(Map<String, Integer> extra) throws IOException {
        StringBuilder out = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            out.append(Base64.getEncoder().encodeToString(new byte[] {(byte) b})).append(' ').append(b).append('\n');
        }
        extra.forEach((token, rank) -> out.append(Base64.getEncoder()
                .encodeToString(token.getBytes(StandardCharsets.UTF_8))).append(' ').append(rank).append('\n'));
        Path file = temp.resolve("tiny.tiktoken");
        Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    private Path tiny() throws IOException {
        Map<String, Integer> extra = new LinkedHashMap<>();
        extra.put("th", 256);
        extra.put("he", 257);
        extra.put("the", 258);
        extra.put(" t", 259);
        extra.put(" the", 260);
        extra.put("aa", 261);
        extra.put("12", 262);
        return ranks(extra);
    }

    @Test
    void shouldMergeTheLowestRankedPairFirstAndTakeRankedPiecesWhole() throws IOException {
        try (PromptTokenizer t = TiktokenTokenizer.load(tiny())) {
            assertThat(t.encode("the")).containsExactly(258);
            assertThat(t.encode(" thex")).containsExactly(260, 'x');
            assertThat(t.encode("aaa")).containsExactly(261, 'a');
            // Arcade100k splits numbers into single digits
            assertThat(t.encode("123")).containsExactly('1', '2', '3');
            assertThat(t.encode("")).isEmpty();
        }
    }

    @Test
    void shouldRecogniseArcade100ksSpecialTokensInTheText() throws IOException {
        try (PromptTokenizer t = TiktokenTokenizer.load(tiny())) {
            assertThat(t.encode("<|im_start|>the<|im_end|>")).containsExactly(IM_START, 258, IM_END);
            assertThat(t.encode("<|endoftext|>")).containsExactly(Arcade100k.START_ID);
            assertThat(t.encode("<|extra0|>")).containsExactly(100288);
            assertThat(t.size()).isEqualTo(100289);
        }
    }

    @Test
    void shouldPutTheTextInNfcFirst() throws IOException {
        try (PromptTokenizer t = TiktokenTokenizer.load(tiny())) {
            assertThat(t.encode("e\u0301")).containsExactly(0xC3, 0xA9).isEqualTo(t.encode("é"));
        }
    }

    @Test
    void shouldDecodeSkippingSpecialTokensAndUnknownIdsAndReplacingInvalidUtf8() throws IOException {
        try (PromptTokenizer t = TiktokenTokenizer.load(tiny())) {
            assertThat(t.decode(new int[] {IM_START, 260, 'x', IM_END, 99_999})).isEqualTo("thex");
            assertThat(t.decode(new int[] {0xED, 0xA0, 0x80, 'a'})).isEqualTo("\uFFFD\uFFFD\uFFFDa");
            assertThat(t.decode(new int[] {' ', 'a', ' ', '.'})).isEqualTo("a ."); // no clean-up in Arcade100k
        }
    }

    @Test
    void shouldNameAMissingOrMalformedFile() throws IOException {
        Path missing = temp.resolve("none.tiktoken");
        assertThatThrownBy(() -> TiktokenTokenizer.load(missing)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("none.tiktoken is missing");
        Path file = tiny();
        Files.writeString(file, "IQ== 0\nIg==\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TiktokenTokenizer.load(file)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tiny.tiktoken: line 2 is not 'base64(token) rank'");
        Files.writeString(file, "IQ== 0\n!!! 1\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TiktokenTokenizer.load(file)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("line 2 is not 'base64(token) rank'");
        Files.writeString(file, "IQ== 0\nIg== 0\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TiktokenTokenizer.load(file)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("rank 0 is given to two tokens");
        Files.writeString(file, "IQ== 0\nIQ== 1\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TiktokenTokenizer.load(file)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("line 2 repeats the token of an earlier line");
        Files.writeString(file, "IQ== 0\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TiktokenTokenizer.load(file)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has no rank for the single byte 0x00");
        Map<String, Integer> clash = new LinkedHashMap<>();
        clash.put("th", Arcade100k.START_ID);
        Path clashing = ranks(clash);
        assertThatThrownBy(() -> TiktokenTokenizer.load(clashing)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("<|endoftext|> has id 100257, which the tiktoken file already gives to a token");
    }
}
