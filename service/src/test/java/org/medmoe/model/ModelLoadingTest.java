package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.runtime.RuntimeConfig;

/** A model directory that does not match its manifest is refused at load, with a message that says why. */
class ModelLoadingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void shouldLoadTheBundledTinyModelAndReportItsProvenance() {
        // When loading the committed tiny model
        try (MedMoeModel model = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cpu(1))) {
            // Then it names itself, its hashes and its provider
            assertThat(model.info().name()).isEqualTo("medmoe-tiny-phi2");
            assertThat(model.info().fileSha256()).containsKeys("decoder_model_merged.onnx", "tokenizer.json");
            assertThat(model.info().executionProvider()).isEqualTo("CPU");
        }
    }

    @Test
    void shouldRefuseADirectoryThatDoesNotExist() {
        assertThatThrownBy(() -> MedMoeModel.load(temp.resolve("nowhere"), RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("model directory not found");
    }

    @Test
    void shouldNameAMissingModelFile() throws IOException {
        // Given a copy without its embedding graph
        Path dir = TinyModel.copyTo(temp.resolve("m"));
        Files.delete(dir.resolve("embed_tokens.onnx"));
        // When loading, Then the error names the file
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("embed_tokens.onnx")
                .hasMessageContaining("missing");
    }

    @Test
    void shouldRefuseAFileWhoseHashDoesNotMatchTheManifest() throws IOException {
        // Given a tokenizer edited after export, keeping its size
        Path dir = TinyModel.copyTo(temp.resolve("m"));
        Files.writeString(dir.resolve("tokenizer.json"), Files.readString(dir.resolve("tokenizer.json"))
                .replaceFirst("\\{", " "));
        // Then loading fails on the hash
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json does not match model.json: SHA-256 is");
    }

    @Test
    void shouldRefuseAManifestWhoseHiddenSizeDiffersFromTheGraphs() throws IOException {
        Path dir = withManifest(m -> ((ObjectNode) m.get("decoder")).put("hiddenSize", 32));
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not match model.json")
                .hasMessageContaining("is 64 in the graph but 32 per the manifest");
    }

    @Test
    void shouldRefuseAManifestListingMoreMoeLayersThanTheGraphHasRouterOutputs() throws IOException {
        Path dir = withManifest(m -> ((ObjectNode) m.get("moe")).putArray("layers").add(0).add(1).add(2));
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has no tensor named router_logits.2");
    }

    @Test
    void shouldRefuseAManifestWithTheWrongNumberOfLayers() throws IOException {
        Path dir = withManifest(m -> ((ObjectNode) m.get("decoder")).put("numLayers", 3));
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has 21 inputs, the manifest's 3 layers need 17");
    }

    @Test
    void shouldRefuseADecoderGraphWithoutRouterOutputsOrWithRenamedInputs() throws Exception {
        // Given two decoder graphs edited with onnx: one router output removed, one input renamed
        Path noRouter = TinyModel.copyTo(temp.resolve("no-router"));
        Path renamed = TinyModel.copyTo(temp.resolve("renamed"));
        ReferenceOracle.runPython(temp, "-c", String.join("\n",
                "import onnx, sys",
                "m = onnx.load(sys.argv[1] + '/decoder_model_merged.onnx')",
                "out = [o for o in m.graph.output if o.name == 'router_logits.1'][0]",
                "m.graph.output.remove(out)",
                "onnx.save(m, sys.argv[1] + '/decoder_model_merged.onnx')",
                "m = onnx.load(sys.argv[2] + '/decoder_model_merged.onnx')",
                "for node in m.graph.node:",
                "    node.input[:] = ['position_idx' if i == 'position_ids' else i for i in node.input]",
                "[i for i in m.graph.input if i.name == 'position_ids'][0].name = 'position_idx'",
                "onnx.save(m, sys.argv[2] + '/decoder_model_merged.onnx')"), noRouter.toString(), renamed.toString());
        rehash(noRouter);
        rehash(renamed);
        // Then each is refused with the tensor named
        assertThatThrownBy(() -> MedMoeModel.load(noRouter, RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("has no tensor named router_logits.1");
        assertThatThrownBy(() -> MedMoeModel.load(renamed, RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("has no tensor named position_ids");
    }

    @Test
    void shouldNameTheManifestKeyThatIsInvalid() throws IOException {
        Path dir = withManifest(m -> ((ObjectNode) m.get("moe")).put("topK", 3));
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("moe.topK must be 1 or 2");
    }

    private Path withManifest(java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path dir = TinyModel.copyTo(temp.resolve("m"));
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve("model.json").toFile());
        edit.accept(manifest);
        JSON.writeValue(dir.resolve("model.json").toFile(), manifest);
        return dir;
    }

    private static void rehash(Path dir) throws IOException {
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve("model.json").toFile());
        Path graph = dir.resolve("decoder_model_merged.onnx");
        ((ObjectNode) manifest.get("files").get("decoder_model_merged.onnx"))
                .put("sha256", FileIntegrity.sha256(graph)).put("bytes", Files.size(graph));
        JSON.writeValue(dir.resolve("model.json").toFile(), manifest);
    }
}
