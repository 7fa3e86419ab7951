package org.medmoe.devtools.bench.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code medmoe bench model}: for each model and batch size, vision, prefill and per-token decode
 * times and answers per second of the Java runtime beside PyTorch eager on the same weights, the
 * same thread count and the same machine, with their ratio. The mid model (StableLM width) is
 * generated into the cache directory on first use. Single-threaded driver; prints to {@code out}.
 */
public final class ModelBenchmark {
    private ModelBenchmark() {
    }

    /** Runs the benchmark and prints a table. */
    public static void run(PrintStream out, BenchOptions options) {
        TorchEngine torch = new TorchEngine(options.projectDir(), options.torchEnvironment());
        out.printf(Locale.ROOT, "Med-MoE model benchmark: %d thread(s), %d new tokens, median of %d run(s)%n",
                options.threads(), options.newTokens(), options.repeats());
        out.printf(Locale.ROOT, "machine: %s, %d cores, %s %s, Java %s%n", cpuName(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.version());
        boolean batchRows = options.models().stream().anyMatch(m -> !StudyBench.MODELS.containsKey(m));
        if (batchRows) {
            out.printf(Locale.ROOT, "%-6s %5s | %-38s | %-38s | %s%n", "model", "batch",
                    "Java/ONNX Runtime: vision prefill tok ans/s", "PyTorch eager: vision prefill tok ans/s",
                    "Java/PyTorch");
        }
        for (String name : options.models()) {
            if (StudyBench.MODELS.containsKey(name)) {
                new StudyBench(out, options, torch).run(name);
                continue;
            }
            Path dir = modelDir(name, options);
            try (JavaEngine java = new JavaEngine(dir, options.threads())) {
                for (int batch : options.batches()) {
                    StageTimes j = java.measure(batch, options.newTokens(), options.repeats());
                    StageTimes t = options.withTorch()
                            ? torch.measure(dir, options.threads(), batch, options.newTokens(), options.repeats()) : null;
                    out.printf(Locale.ROOT, "%-6s %5d | %s | %s | %s%n", name, batch, format(j),
                            t == null ? String.format(Locale.ROOT, "%-38s", "(skipped)") : format(t),
                            t == null ? "-" : String.format(Locale.ROOT, "%.2fx", j.answersPerSecond() / t.answersPerSecond()));
                    out.flush();
                }
                out.printf(Locale.ROOT, "  %s: ONNX Runtime %s vs %s%n", name, java.runtimeVersion(), torch.version());
                if (options.questions() > 0) {
                    promptSet(out, options, name, dir, java, torch);
                }
            }
        }
        if (!batchRows) {
            return;
        }
        out.println("times in ms (tok = one decoding step of the whole batch); ans/s = batch / (vision + prefill"
                + " + new tokens x tok)");
        if (options.questions() > 0) {
            out.println("prompt set: " + options.questions() + " questions per image, as the service asks them: Java"
                    + " encodes each image and prefills its prompt prefix once for all its questions; PyTorch runs"
                    + " each question from scratch, as the reference code answers (\"each\"), and with the same"
                    + " sharing (\"shared\"); ans/s counts every answer");
        }
    }

    /** One image's prompt set: the Java service's shared prefix beside PyTorch without and with it. */
    private static void promptSet(PrintStream out, BenchOptions options, String name, Path dir, JavaEngine java,
            TorchEngine torch) {
        int q = options.questions();
        StageTimes j = java.measurePromptSet(1, q, options.newTokens(), options.repeats());
        StageTimes each = options.withTorch()
                ? torch.measure(dir, options.threads(), 1, q, false, options.newTokens(), options.repeats()) : null;
        StageTimes shared = options.withTorch()
                ? torch.measure(dir, options.threads(), 1, q, true, options.newTokens(), options.repeats()) : null;
        out.printf(Locale.ROOT, "%-6s %5s | %s | %s | %s%n", name, "1x" + q, format(j),
                each == null ? String.format(Locale.ROOT, "%-38s", "(skipped)") : format(each),
                each == null ? "-" : String.format(Locale.ROOT, "%.2fx each, %.2fx shared",
                        j.answersPerSecond() / each.answersPerSecond(),
                        j.answersPerSecond() / shared.answersPerSecond()));
        if (shared != null) {
            out.printf(Locale.ROOT, "%-6s %5s | %-38s | %s | (PyTorch with the shared prefix)%n", name, "1x" + q, "",
                    format(shared));
        }
        out.flush();
    }

    /**
     * The model directory, generating the mid model on first use. Its name says that the MoE
     * layers are exported sparse (the exporter's default, which {@code bench_torch.py} matches),
     * so a cache written by an older, dense export is not picked up.
     */
    static Path modelDir(String name, BenchOptions options) {
        if (name.equals("tiny")) {
            return options.projectDir().resolve("models").resolve("tiny");
        }
        Path dir = options.cacheDir().resolve("mid-stablelm-" + options.midLayers() + "l-sparse");
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new BenchmarkException("cannot create " + dir + ": " + e.getMessage(), e);
            }
            PythonTool.run(options.projectDir(), options.torchEnvironment(), "make_mid_model.py", "--out",
                    dir.toString(), "--layers", Integer.toString(options.midLayers()));
        }
        return dir;
    }

    private static String format(StageTimes t) {
        return String.format(Locale.ROOT, "%-38s", String.format(Locale.ROOT, "%8.1f %8.1f %7.2f %8.2f",
                t.visionMs(), t.prefillMs(), t.decodePerTokenMs(), t.answersPerSecond()));
    }

    private static String cpuName() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
