package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.ModelFiles;
import org.medmoe.model.TinyModel;
import org.medmoe.runtime.RuntimeConfig;
import org.medmoe.testing.cli.CapturedCommandLine;

/**
 * {@code medmoe model verify DIR} hashes every file whatever was remembered, prints a line per file and
 * the throughput, records what matched, and exits non-zero on a mismatch; after it, a start does not
 * read the files' contents.
 */
class ModelVerifyCommandTest {
    private static final String DECODER = "decoder_model_merged.onnx";

    /** The committed fixture's manifest entry of {@code file}: its size and SHA-256. */
    private static JsonNode entry(String file) {
        try {
            return new ObjectMapper().readTree(TinyModel.dir().resolve("model.json").toFile()).get("files").get(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long bytes(String file) {
        return entry(file).get("bytes").asLong();
    }

    private static String sha(String file) {
        return entry(file).get("sha256").asText();
    }

    @TempDir
    Path temp;

    private final CapturedCommandLine cli = new CapturedCommandLine(Main::commandLine);


    @Test
    void shouldPrintEveryFileAndTheThroughputAndRecordTheResult() {
        // Given an unverified copy of the tiny model
        Path dir = TinyModel.copyTo(temp.resolve("model"));

        // When verifying it
        int code = cli.run("model", "verify", dir.toString());

        // Then each file is OK with its size, the summary gives the throughput and where it was recorded
        assertThat(code).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines).contains("vision_encoder.onnx  " + bytes("vision_encoder.onnx") + " bytes  OK",
                "tokenizer.json  " + bytes("tokenizer.json") + " bytes  OK");
        long total = bytes("vision_encoder.onnx") + bytes("embed_tokens.onnx") + bytes(DECODER) + bytes("tokenizer.json");
        assertThat(lines.get(4)).matches("4 files, " + total + " bytes hashed in [0-9.]+ s \\([0-9.]+ MB/s\\): 4 OK; "
                + "recorded in .*\\.medmoe-verified\\.json");
        assertThat(dir.resolve(".medmoe-verified.json")).isRegularFile();
    }

    @Test
    void shouldStartWithoutReadingTheFilesAfterAVerificationWhichStillFindsTheCorruption() {
        // Given a verified model, then a byte of its decoder corrupted with size and modification time kept
        Path dir = TinyModel.copyTo(temp.resolve("model"));
        assertThat(cli.run("model", "verify", dir.toString())).isZero();
        ModelFiles.corruptKeepingSizeAndTime(dir.resolve(DECODER));

        // When the service starts, Then it loads: the start-up check did not read the file's contents
        try (MedMoeModel model = MedMoeModel.load(dir, RuntimeConfig.cpu(1))) {
            assertThat(model.info().name()).isEqualTo("medmoe-tiny-phi2");
        }

        // And model verify, which always hashes, finds the corruption and exits non-zero
        cli.clearOut();
        int code = cli.run("model", "verify", dir.toString());
        assertThat(code).isEqualTo(ModelVerifyCommand.EXIT_MISMATCH);
        assertThat(cli.out()).containsPattern(DECODER + "  " + bytes(DECODER) + " bytes  MISMATCH: SHA-256 is "
                + "[0-9a-f]{64}, the manifest says " + sha(DECODER));
        assertThat(cli.out()).contains("3 OK, 1 mismatched");

        // And the mismatched file is no longer remembered: the next start hashes it and refuses the model
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1)))
                .hasMessageContaining(DECODER + " does not match model.json: SHA-256 is");
    }

    @Test
    void shouldExitNonZeroNamingAMissingFileAndAFileOfAnotherSize() throws Exception {
        Path dir = TinyModel.copyTo(temp.resolve("model"));
        Files.delete(dir.resolve("embed_tokens.onnx"));
        Files.writeString(dir.resolve("tokenizer.json"), Files.readString(dir.resolve("tokenizer.json")) + "\n");

        int code = cli.run("model", "verify", dir.toString());

        assertThat(code).isEqualTo(ModelVerifyCommand.EXIT_MISMATCH);
        assertThat(cli.out()).contains("embed_tokens.onnx  MISSING (the manifest says " + bytes("embed_tokens.onnx")
                + " bytes, SHA-256 " + sha("embed_tokens.onnx") + ")");
        assertThat(cli.out()).containsPattern("tokenizer.json  " + (bytes("tokenizer.json") + 1) + " bytes  MISMATCH: "
                + "the manifest says " + bytes("tokenizer.json") + " bytes; SHA-256 is [0-9a-f]{64}, the manifest says "
                + sha("tokenizer.json"));
        assertThat(cli.out()).contains("2 OK, 1 mismatched, 1 missing");
    }

    @Test
    void shouldExplainADirectoryWithoutManifestWithExitCodeTwo() {
        int code = cli.run("model", "verify", temp.toString());
        assertThat(code).isEqualTo(ModelVerifyCommand.EXIT_UNUSABLE);
        assertThat(cli.err()).startsWith("medmoe model verify: model directory " + temp + " has no model.json");
        assertThat(cli.out()).isEmpty();
    }
}
