package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medmoe.model.NodeTokenizers;
import org.medmoe.model.ReferenceOracle;
import org.medmoe.model.TinyModel;
import picocli.CommandLine;

/**
 * A checkpoint laid out as the releases are, with the tokenizer files they ship instead of a
 * tokenizer.json: Phi2 with the slow BPE files (GPT-2's own vocab.json and merges.txt from npm, plus
 * Phi-2-like added tokens and a special-tokens map; the config's EOS null) and StableLM with an
 * Arcade100k tiktoken file (GPT-2's ranks; special tokens from 100257). Exported with
 * tools/export_onnx.py as docs/model-tools.md tells a user, then asked through {@code medmoe infer},
 * against PyTorch on the same checkpoint with the same tokenizer files.
 */
class ReleasedTokenizerInferTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int infer(String... args) {
        CommandLine cli = new CommandLine(new InferCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** GPT-2's files from npm as a Phi-2-style slow tokenizer: vocab, merges, added space/tab runs, special map. */
    private static Path phi2Tokenizer(Path dir) throws Exception {
        NodeTokenizers.writeGpt2Files(Files.createDirectories(dir));
        Files.delete(dir.resolve("gpt2.tiktoken"));
        ObjectNode added = JSON.createObjectNode();
        int id = 50257;
        for (int n = 31; n >= 2; n--) {
            added.put(" ".repeat(n), id++);
        }
        for (int n = 9; n >= 2; n--) {
            added.put("\t".repeat(n), id++);
        }
        JSON.writeValue(dir.resolve("added_tokens.json").toFile(), added);
        JSON.writeValue(dir.resolve("special_tokens_map.json").toFile(), JSON.createObjectNode()
                .put("bos_token", "<|endoftext|>").put("eos_token", "<|endoftext|>").put("unk_token", "<|endoftext|>"));
        return dir;
    }

    /** GPT-2's ranks as an Arcade100k-style .tiktoken file, alone in its directory. */
    private static Path tiktokenTokenizer(Path dir) throws Exception {
        Path files = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-all"));
        NodeTokenizers.writeGpt2Files(files);
        Files.createDirectories(dir);
        Files.move(files.resolve("gpt2.tiktoken"), dir.resolve("arcade100k.tiktoken"));
        return dir;
    }

    @ParameterizedTest(name = "{0} with {1} tokenizer files, {2}")
    @CsvSource({"phi2, bpe, float32", "stablelm, tiktoken, int8"})
    void shouldExportAndAnswerACheckpointWithTheReleasedTokenizerFiles(String variant, String kind, String dtype,
            @TempDir Path work) throws Exception {
        // Given a checkpoint in the released layout with the released kind of tokenizer files
        NodeTokenizers.assumeAvailable();
        ReferenceOracle.requireTorch();
        Path tokenizer = kind.equals("bpe") ? phi2Tokenizer(work.resolve("tokenizer"))
                : tiktokenTokenizer(work.resolve("tokenizer"));
        Path checkpoint = work.resolve("checkpoint");
        Path model = work.resolve("model");
        ReferenceOracle.runPython(work, "tools/make_synthetic_checkpoint.py", "--out", checkpoint.toString(),
                "--variant", variant, "--tokenizer", tokenizer.toString(), "--use-residual", "--top-k", "2");
        assertThat(checkpoint.resolve("tokenizer.json")).doesNotExist();
        // When it is exported as the documentation says and asked through medmoe infer
        String log = ReferenceOracle.runPython(work, "tools/export_onnx.py", "--checkpoint", checkpoint.toString(),
                "--out", model.toString(), "--dtype", dtype, "--with-reference");
        assertThat(log).contains("tokenizer " + kind).contains("EOS '<|endoftext|>' = "
                + (kind.equals("bpe") ? 50256 : 100257));
        Path image = TinyModel.image("05-pathology-left.png");
        int code = infer("--model", model.toString(), "--image", image.toString(), "--question",
                "Is there an abnormality?", "--candidates", "yes,no", "--threads", "1");
        assertThat(code).as(err.toString()).isZero();
        JsonNode closed = JSON.readTree(out.toString());
        out.getBuffer().setLength(0);
        code = infer("--model", model.toString(), "--image", image.toString(), "--question",
                "Where is  the\tabnormality?", "--max-new-tokens", "5", "--threads", "1");
        assertThat(code).as(err.toString()).isZero();
        JsonNode open = JSON.readTree(out.toString());
        // Then both answers are PyTorch's on the same checkpoint and tokenizer files
        List<JsonNode> reference = ReferenceOracle.run(model, List.of(
                new ReferenceOracle.Case("closed", image, "Is there an abnormality?", 1, List.of("yes", "no")),
                new ReferenceOracle.Case("open", image, "Where is  the\tabnormality?", 5, null)), work);
        for (String candidate : List.of("yes", "no")) {
            assertThat(closed.get("candidateLogLikelihoods").get(candidate).asDouble()).as(candidate)
                    .isCloseTo(reference.get(0).get("candidateLogLikelihoods").get(candidate).asDouble(), within(1e-3));
        }
        List<Integer> tokens = JSON.convertValue(open.get("tokens"), JSON.getTypeFactory()
                .constructCollectionType(List.class, Integer.class));
        List<Integer> expected = JSON.convertValue(reference.get(1).get("tokens"), JSON.getTypeFactory()
                .constructCollectionType(List.class, Integer.class));
        assertThat(tokens).isEqualTo(expected);
        assertThat(open.get("answer").asText()).isEqualTo(reference.get(1).get("text").asText());
        assertThat(reference.get(1).get("promptIds").get(1).size()).as("the question's tokens after the image")
                .isGreaterThan(3);
    }
}
