package org.medmoe.devtools.bench.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs one of the project's Python tools with Debian's Python and returns its standard output. Stateless. */
final class PythonTool {
    static final String PYTHON = "/usr/bin/python3";

    private PythonTool() {
    }

    static String run(Path projectDir, Map<String, String> environment, String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.add(projectDir.resolve("tools").resolve(script).toString());
        command.addAll(List.of(args));
        try {
            Path errors = Files.createTempFile("medmoe-python", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile())
                        .redirectError(errors.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new BenchmarkException(String.join(" ", command) + " failed with exit code "
                            + process.exitValue() + ": " + Files.readString(errors).strip());
                }
                return out;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new BenchmarkException("could not run " + PYTHON + " (install python3-torch, python3-onnx, "
                    + "python3-numpy): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while running " + script, e);
        }
    }
}
