package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.runtime.RuntimeConfig;

/** The manifest's {@code tokenizer} object: checked by the reader, followed by the model at load. */
class ModelTokenizerTest {
    @TempDir
    Path temp;

    /** The tiny model with a 42-token byte-level BPE ({@code <|endoftext|>} = 0) instead of tokenizer.json. */
    private Path tinyWithBpe() throws IOException {
        Path dir = TinyModel.copyTo(temp.resolve("m"));
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put("<|endoftext|>", 0);
        vocab.put("Ġ", 1);
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.put(String.valueOf(c), vocab.size());
        }
        for (char c = 'A'; vocab.size() < 42; c++) {
            vocab.put(String.valueOf(c), vocab.size());
        }
        BpeFixture.JSON.writeValue(dir.resolve("vocab.json").toFile(), vocab);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n");
        Files.delete(dir.resolve("tokenizer.json"));
        ObjectNode manifest = (ObjectNode) BpeFixture.JSON.readTree(dir.resolve("model.json").toFile());
        ObjectNode files = (ObjectNode) manifest.get("files");
        files.remove("tokenizer.json");
        for (String name : new String[] {"vocab.json", "merges.txt"}) {
            files.putObject(name).put("sha256", FileIntegrity.sha256(dir.resolve(name)))
                    .put("bytes", Files.size(dir.resolve(name)));
        }
        ObjectNode tokenizer = manifest.putObject("tokenizer").put("kind", "bpe");
        tokenizer.putArray("files").add("vocab.json").add("merges.txt");
        BpeFixture.JSON.writeValue(dir.resolve("model.json").toFile(), manifest);
        return dir;
    }

    private static void editManifest(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode manifest = (ObjectNode) BpeFixture.JSON.readTree(dir.resolve("model.json").toFile());
        edit.accept(manifest);
        BpeFixture.JSON.writeValue(dir.resolve("model.json").toFile(), manifest);
    }

    @Test
    void shouldTakeAManifestWithoutTokenizerAsTokenizerJson() throws IOException {
        // Given a manifest written before the tokenizer object
        Path dir = TinyModel.copyTo(temp.resolve("old"));
        editManifest(dir, m -> m.remove("tokenizer"));
        ModelManifest manifest = ManifestReader.read(dir);
        assertThat(manifest.tokenizer()).isNull();
        assertThat(manifest.tokenizerKind()).isEqualTo("tokenizer.json");
        assertThat(GraphNames.requiredFiles(manifest)).contains("tokenizer.json");
        // Then the model loads its tokenizer.json as before
        try (MedMoeModel model = MedMoeModel.load(dir, RuntimeConfig.cpu(1))) {
            assertThat(model.manifest().tokenizerKind()).isEqualTo("tokenizer.json");
        }
    }

    @Test
    void shouldLoadAModelWhoseManifestNamesTheBpeKind() throws IOException {
        Path dir = tinyWithBpe();
        try (MedMoeModel model = MedMoeModel.load(dir, RuntimeConfig.cpu(1))) {
            assertThat(model.manifest().tokenizerKind()).isEqualTo("bpe");
            assertThat(model.info().fileSha256()).containsKeys("vocab.json", "merges.txt").doesNotContainKey("tokenizer.json");
        }
    }

    @Test
    void shouldRequireTheFilesOfTheManifestsKind() throws IOException {
        Path dir = tinyWithBpe();
        Files.delete(dir.resolve("merges.txt"));
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("merges.txt is missing");
    }

    @Test
    void shouldNameTheTokenizerKeyThatIsInvalid() throws IOException {
        Path dir = tinyWithBpe();
        editManifest(dir, m -> ((ObjectNode) m.get("tokenizer")).put("kind", "wordpiece"));
        assertThatThrownBy(() -> ManifestReader.read(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.kind must be tokenizer.json, bpe or tiktoken, got wordpiece");
        editManifest(dir, m -> ((ObjectNode) m.get("tokenizer")).put("kind", "bpe").putArray("files").add("vocab.json"));
        assertThatThrownBy(() -> ManifestReader.read(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.files must list vocab.json and merges.txt for kind bpe");
        editManifest(dir, m -> ((ArrayNode) m.get("tokenizer").get("files")).add("merges.txt").add("added_tokens.json"));
        assertThatThrownBy(() -> ManifestReader.read(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.files lists added_tokens.json, which files does not");
        editManifest(dir, m -> ((ObjectNode) m.get("tokenizer")).put("kind", "tiktoken").putArray("files")
                .add("vocab.json"));
        assertThatThrownBy(() -> ManifestReader.read(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("must list exactly one *.tiktoken file");
        editManifest(dir, m -> ((ObjectNode) m.get("tokenizer")).putArray("files").add("../vocab.json"));
        assertThatThrownBy(() -> ManifestReader.read(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("must be file names in the model directory, got ../vocab.json");
    }

    @Test
    void shouldRefuseATokenizerWithIdsBeyondTheDecodersVocabulary() throws IOException {
        // Given a 43rd token in vocab.json (the graphs have 42)
        Path dir = tinyWithBpe();
        ObjectNode vocab = (ObjectNode) BpeFixture.JSON.readTree(dir.resolve("vocab.json").toFile());
        BpeFixture.JSON.writeValue(dir.resolve("vocab.json").toFile(), vocab.put("Z", 42));
        editManifest(dir, m -> ((ObjectNode) m.get("files").get("vocab.json")).put("sha256",
                FileIntegrity.sha256(dir.resolve("vocab.json"))).put("bytes", dir.resolve("vocab.json").toFile().length()));
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("the bpe tokenizer in").hasMessageContaining("has ids up to 42, beyond "
                        + "decoder.vocabSize 42");
    }

    @Test
    void shouldRefuseATokenizerOfAnotherSizeThanTheManifestSays() throws IOException {
        Path dir = tinyWithBpe();
        editManifest(dir, m -> ((ObjectNode) m.get("tokenizer")).put("size", 41));
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("the bpe tokenizer in").hasMessageContaining("defines 42 ids, but tokenizer.size "
                        + "says 41");
        editManifest(dir, m -> ((ObjectNode) m.get("tokenizer")).put("size", 42));
        try (MedMoeModel model = MedMoeModel.load(dir, RuntimeConfig.cpu(1))) {
            assertThat(model.manifest().tokenizer().size()).isEqualTo(42);
        }
    }
}
