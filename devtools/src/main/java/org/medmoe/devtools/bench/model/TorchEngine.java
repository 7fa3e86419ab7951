package org.medmoe.devtools.bench.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PyTorch eager on the same model directory, through {@code tools/bench_torch.py}. Stateless. */
final class TorchEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path projectDir;
    private final Map<String, String> environment;
    private String version = "pytorch-eager";

    TorchEngine(Path projectDir, Map<String, String> environment) {
        this.projectDir = projectDir;
        this.environment = environment;
    }

    String version() {
        return version;
    }

    StageTimes measure(Path model, int threads, int batch, int newTokens, int repeats) {
        return measure(model, threads, batch, 1, false, newTokens, repeats);
    }

    /**
     * {@code questions} questions about each of {@code batch} images: each from scratch (image encoded
     * and whole prompt prefilled per question, as the reference code answers), or with each image's
     * prompt prefix shared by its questions, as the Java service does.
     */
    StageTimes measure(Path model, int threads, int batch, int questions, boolean sharedPrefix, int newTokens,
            int repeats) {
        List<String> args = new ArrayList<>(List.of("--model", model.toString(), "--threads",
                Integer.toString(threads), "--batch", Integer.toString(batch), "--new-tokens",
                Integer.toString(newTokens), "--repeats", Integer.toString(repeats), "--question", JavaEngine.QUESTION,
                "--questions", Integer.toString(questions)));
        if (sharedPrefix) {
            args.add("--shared-prefix");
        }
        String out = PythonTool.run(projectDir, environment, "bench_torch.py", args.toArray(String[]::new));
        try {
            JsonNode json = JSON.readTree(out);
            version = json.get("engine").asText();
            return StageTimes.of(json.get("visionMs").asDouble(), json.get("prefillMs").asDouble(),
                    json.get("decodePerTokenMs").asDouble(), batch * questions, newTokens);
        } catch (JsonProcessingException | NullPointerException e) {
            throw new BenchmarkException("tools/bench_torch.py printed no timings: " + out, e);
        }
    }

    /**
     * One study ({@code tools/bench_torch.py --prompt-set}) on a checkpoint and an image (raw float32),
     * without a warm-up run, optionally writing the reference's logits after the first open question:
     * {@code [studyMs median, min, max, decodeMs per token (shared only, else NaN), load seconds, peak bytes]}.
     */
    double[] study(Path checkpoint, int threads, Path promptSet, boolean sharedPrefix, int repeats, Path pixels,
            Path logitsOut) {
        List<String> args = new ArrayList<>(List.of("--checkpoint", checkpoint.toString(), "--threads",
                Integer.toString(threads), "--prompt-set", promptSet.toString(), "--repeats", Integer.toString(repeats),
                "--warmup", "0", "--pixels", pixels.toString()));
        if (sharedPrefix) {
            args.add("--shared-prefix");
        }
        if (logitsOut != null) {
            args.addAll(List.of("--logits-out", logitsOut.toString()));
        }
        String out = PythonTool.run(projectDir, environment, "bench_torch.py", args.toArray(String[]::new));
        try {
            JsonNode json = JSON.readTree(out);
            version = json.get("engine").asText();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (JsonNode r : json.get("runsMs")) {
                min = Math.min(min, r.asDouble());
                max = Math.max(max, r.asDouble());
            }
            return new double[] {json.get("studyMs").asDouble(), min, max,
                    json.has("decodePerTokenMs") ? json.get("decodePerTokenMs").asDouble() : Double.NaN,
                    json.get("loadSeconds").asDouble(), json.get("peakRssBytes").asDouble()};
        } catch (JsonProcessingException | NullPointerException e) {
            throw new BenchmarkException("tools/bench_torch.py printed no study timings: " + out, e);
        }
    }
}
