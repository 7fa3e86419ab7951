package org.medmoe.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code tools/reference.py} (the PyTorch reference, on Debian's Python with python3-torch) on a
 * list of cases and returns its JSON. Fails with a message that says what to install when Python or
 * torch is missing.
 */
public final class ReferenceOracle {
    static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceOracle() {
    }

    /** One case for the oracle. */
    public record Case(String id, Path image, String question, int maxNewTokens, List<String> candidates) {
    }

    /** Outputs per case, in order. */
    public static List<JsonNode> run(Path model, List<Case> cases, Path work) throws IOException, InterruptedException {
        requireTorch();
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode list = doc.putArray("cases");
        for (Case c : cases) {
            ObjectNode node = list.addObject().put("id", c.id()).put("image", c.image().toString())
                    .put("question", c.question()).put("maxNewTokens", c.maxNewTokens());
            if (c.candidates() != null) {
                c.candidates().forEach(node.putArray("candidates")::add);
            }
        }
        Path in = work.resolve("cases.json");
        Path out = work.resolve("reference.json");
        JSON.writeValue(in.toFile(), doc);
        String log = runPython(work, TinyModel.projectDir().resolve("tools/reference.py").toString(),
                "--model", model.toString(), "--cases", in.toString(), "--out", out.toString());
        if (!Files.isRegularFile(out)) {
            throw new AssertionError("tools/reference.py wrote no output:\n" + log);
        }
        JsonNode result = JSON.readTree(out.toFile()).get("cases");
        return List.copyOf(JSON.convertValue(result, new com.fasterxml.jackson.core.type.TypeReference<List<JsonNode>>() {
        }));
    }

    /** Runs a Python script of the project with Debian's Python; fails with its output when it fails. */
    public static String runPython(Path work, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = PYTHON;
        System.arraycopy(args, 0, command, 1, args.length);
        Path log = work.resolve("python-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command).directory(TinyModel.projectDir().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + output);
        }
        return output;
    }

    /** Fails with an explanation when Debian's Python or python3-torch is missing. */
    public static void requireTorch() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing: the parity tests run the PyTorch reference; install "
                    + "python3, python3-torch, python3-onnx, python3-numpy and python3-pil (./medmoe test does)");
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import torch, numpy").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("python3-torch is missing for " + PYTHON + ": the parity tests run the PyTorch "
                    + "reference; install python3-torch python3-numpy python3-onnx python3-pil (./medmoe test does): "
                    + out.strip());
        }
    }
}
