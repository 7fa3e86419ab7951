package org.medmoe.model.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
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
        String out = PythonTool.run(projectDir, environment, "bench_torch.py", "--model", model.toString(),
                "--threads", Integer.toString(threads), "--batch", Integer.toString(batch), "--new-tokens",
                Integer.toString(newTokens), "--repeats", Integer.toString(repeats), "--question", JavaEngine.QUESTION);
        try {
            JsonNode json = JSON.readTree(out);
            version = json.get("engine").asText();
            return StageTimes.of(json.get("visionMs").asDouble(), json.get("prefillMs").asDouble(),
                    json.get("decodePerTokenMs").asDouble(), batch, newTokens);
        } catch (JsonProcessingException | NullPointerException e) {
            throw new BenchmarkException("tools/bench_torch.py printed no timings: " + out, e);
        }
    }
}
