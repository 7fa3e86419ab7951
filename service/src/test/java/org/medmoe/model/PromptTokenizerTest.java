package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The factory: kinds, detection from the files present, the DJL kind on the tiny model, threads. */
class PromptTokenizerTest {
    @TempDir
    Path temp;

    @Test
    void shouldLoadTheTinyModelsTokenizerJsonAsBefore() {
        assertThat(PromptTokenizer.detectKind(TinyModel.dir())).isEqualTo("tokenizer.json");
        try (PromptTokenizer tok = PromptTokenizer.load(TinyModel.dir(), "tokenizer.json")) {
            assertThat(tok.size()).isEqualTo(42);
            assertThat(tok.encode("<|endoftext|>")).containsExactly(0);
            int[] ids = tok.encode("Is there an abnormality?");
            assertThat(ids).containsExactly(27, 30, 8, 31, 29);
            assertThat(tok.decode(ids)).isEqualTo("is there an abnormality ?");
            assertThat(tok.decode(new int[] {0, ids[0], 0})).isEqualTo("is");
        }
    }

    @Test
    void shouldDetectTheKindFromTheFilesPresentPreferringTokenizerJsonThenBpeThenTiktoken() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("d"));
        assertThatThrownBy(() -> PromptTokenizer.detectKind(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("holds no tokenizer");
        Files.writeString(dir.resolve("a.tiktoken"), "");
        assertThat(PromptTokenizer.detectKind(dir)).isEqualTo("tiktoken");
        assertThat(TokenizerKind.TIKTOKEN.files(dir)).containsExactly("a.tiktoken");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{}");
        assertThat(TokenizerKind.TIKTOKEN.files(dir)).containsExactly("a.tiktoken", "tokenizer_config.json");
        Files.writeString(dir.resolve("b.tiktoken"), "");
        assertThatThrownBy(() -> PromptTokenizer.detectKind(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("holds 2 *.tiktoken files [a.tiktoken, b.tiktoken]");
        BpeFixture.write(dir);
        Files.writeString(dir.resolve("special_tokens_map.json"), "{}");
        assertThat(PromptTokenizer.detectKind(dir)).isEqualTo("bpe");
        assertThat(TokenizerKind.BPE.files(dir)).containsExactly("vocab.json", "merges.txt", "tokenizer_config.json",
                "special_tokens_map.json");
        Files.copy(TinyModel.dir().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        assertThat(PromptTokenizer.detectKind(dir)).isEqualTo("tokenizer.json");
    }

    @Test
    void shouldRefuseAnUnknownKindOrMissingFiles() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("e"));
        assertThatThrownBy(() -> PromptTokenizer.load(dir, "sentencepiece")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unknown tokenizer kind 'sentencepiece'");
        assertThatThrownBy(() -> PromptTokenizer.load(dir, "tokenizer.json")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json is missing");
        assertThatThrownBy(() -> PromptTokenizer.load(dir, "bpe")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("vocab.json is missing");
        assertThatThrownBy(() -> PromptTokenizer.load(dir, "tiktoken")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("*.tiktoken is missing");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": ");
        assertThatThrownBy(() -> PromptTokenizer.load(dir, "tokenizer.json")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json is not valid JSON");
    }

    @Test
    void shouldEncodeFromManyThreadsAsFromOne() throws Exception {
        // Given strings encoded on one thread
        try (PromptTokenizer bpe = PromptTokenizer.load(BpeFixture.write(temp.resolve("t")), "bpe")) {
            List<String> strings = TokenizerTestStrings.gpt2(2000);
            List<int[]> expected = new ArrayList<>();
            strings.forEach(s -> expected.add(bpe.encode(s)));
            // When four threads encode them again on a fresh tokenizer (cold cache)
            try (PromptTokenizer fresh = PromptTokenizer.load(temp.resolve("t"), "bpe")) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<Boolean>> results = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        int offset = t * 97;
                        results.add(pool.submit(() -> {
                            for (int i = 0; i < strings.size(); i++) {
                                int k = (i + offset) % strings.size();
                                if (!java.util.Arrays.equals(fresh.encode(strings.get(k)), expected.get(k))) {
                                    return false;
                                }
                            }
                            return true;
                        }));
                    }
                    // Then every thread gets the same ids
                    for (Future<Boolean> r : results) {
                        assertThat(r.get()).isTrue();
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }
}
