package org.medmoe.devtools.bench.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medmoe.model.CandidateQuestion;
import org.medmoe.model.FixedLengthAnswers;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.Question;
import org.medmoe.runtime.RuntimeConfig;

/**
 * {@code medmoe bench model} on a model of the released dimensions ({@code stablelm-1.6b},
 * {@code phi2-2.7b}): random weights generated once into the cache by {@code tools/make_bench_model.py}
 * (checkpoint in the released layout, then an export per dtype), then one study (one image and the
 * shipped prompt set) timed for PyTorch float32 eager on the checkpoint, answering each question as the
 * reference code does and with the service's prefix sharing, and for the Java runtime on each export;
 * beside each Java dtype the decoding step's time against its floor (weight bytes per step over the
 * measured memory bandwidth), the load time and resident memory. Models run one at a time (the Java
 * ones after the PyTorch process has ended), so the machine holds one copy of the weights at a time.
 * Single-threaded driver.
 */
final class StudyBench {
    /** Model name to variant; {@code stablelm-tiny} has tiny widths (a quick check of the same path). */
    static final Map<String, String> MODELS = Map.of("stablelm-1.6b", "stablelm", "phi2-2.7b", "phi2",
            "stablelm-tiny", "stablelm");
    private static final int DECODE_STEPS = 16;
    private static final double GB = 1e9;

    private final PrintStream out;
    private final BenchOptions options;
    private final TorchEngine torch;
    private StudyInputs inputs;

    StudyBench(PrintStream out, BenchOptions options, TorchEngine torch) {
        this.out = out;
        this.options = options;
        this.torch = torch;
    }

    void run(String name) {
        Path dir = options.study().cacheDir().resolve(name);
        out.printf(Locale.ROOT, "%s: generating once into %s (checkpoint, then %s) ...%n", name, dir,
                String.join(", ", options.study().dtypes()));
        out.flush();
        PythonTool.run(options.projectDir(), options.torchEnvironment(), "make_bench_model.py", "--variant",
                MODELS.get(name), "--out", dir.toString(), "--dtypes", String.join(",", options.study().dtypes()),
                "--dims", name.endsWith("-tiny") ? "tiny" : "released");
        try (StudyInputs in = StudyInputs.write(dir, options.study())) {
            inputs = in;
            double bandwidth = Bandwidth.measure(options.threads(), 1L << 29);
            out.printf(Locale.ROOT, "%s: one study = one %s; memory read bandwidth %.1f GB/s (%d threads)%n", name,
                    describe(), bandwidth / GB, options.threads());
            out.printf(Locale.ROOT, "%-22s | %-26s | %-9s %-9s | %-22s | %6s %8s %8s | %s%n", "engine",
                    "study ms (median; range)", "x each", "x shared", "decode ms/tok (floor)", "load s",
                    "res. GB", "peak GB", "vs PyTorch logits");
            double[] torchEach = torchStudy(dir, false);
            double[] torchShared = torchStudy(dir, true);
            for (String dtype : options.study().dtypes()) {
                javaStudy(dir.resolve(dtype), dtype, torchEach, torchShared, bandwidth);
            }
        }
        out.println("study ms: wall time of one study, median of the measured runs (Java after one warm-up study;"
                + " PyTorch without one); x each / x shared: PyTorch's study time over this engine's, PyTorch"
                + " answering each question as the reference code does / with the service's prefix sharing;"
                + " floor: weight bytes one decoding step reads / the bandwidth above; res.: resident after loading;"
                + " peak: highest resident while loading and answering");
        out.flush();
    }

    /** {@code [studyMs, min, max, decodeMs, loadS, peakBytes]} of PyTorch, or null when it is skipped. */
    private double[] torchStudy(Path dir, boolean shared) {
        String label = "PyTorch float32 " + (shared ? "shared" : "each");
        if (!options.withTorch()) {
            return null;
        }
        long needed = fp32Bytes(dir) + (2L << 30);
        long available = physicalMemory();
        if (available > 0 && needed > available) {
            out.printf(Locale.ROOT, "%-22s | skipped: float32 weights need %.1f GB, the machine has %.1f GB%n", label,
                    needed / GB, available / GB);
            return null;
        }
        double[] t = torch.study(dir.resolve("checkpoint"), options.threads(), inputs.prompts(), shared,
                options.study().repeats(), inputs.pixels(), shared ? null : inputs.torchLogits());
        out.printf(Locale.ROOT, "%-22s | %-26s | %-9s %-9s | %-22s | %6.0f %8s %8.1f |%n", label, times(t), "", "",
                shared ? String.format(Locale.ROOT, "%.0f", t[3]) : "", t[4], "", t[5] / GB);
        out.flush();
        return t;
    }

    private void javaStudy(Path dir, String dtype, double[] each, double[] shared, double bandwidth) {
        ProcessMemory.resetPeak();
        long t0 = System.nanoTime();
        try (MedMoeModel model = MedMoeModel.load(dir, RuntimeConfig.cpu(options.threads()))) {
            double loadS = (System.nanoTime() - t0) / 1e9;
            long resident = ProcessMemory.residentBytes();
            List<CandidateQuestion> closed = new ArrayList<>();
            List<Question> open = new ArrayList<>();
            for (StudyQuestion q : options.study().questions()) {
                if (q.closed()) {
                    closed.add(new CandidateQuestion(inputs.image(), q.text(), q.candidates()));
                } else {
                    open.add(new Question(inputs.image(), q.text(), q.maxNewTokens()));
                }
            }
            FixedLengthAnswers.answer(model, closed, open);
            double[] runs = new double[options.study().repeats()];
            for (int r = 0; r < runs.length; r++) {
                long s = System.nanoTime();
                FixedLengthAnswers.answer(model, closed, open);
                runs[r] = (System.nanoTime() - s) / 1e6;
            }
            double decode = FixedLengthAnswers.generate(model,
                    List.of(new Question(inputs.image(), JavaEngine.QUESTION, DECODE_STEPS + 1)))
                    .get(0).timings().decodePerStepMs();
            double floor = DecodeFloor.bytesPerStep(model.manifest()) / bandwidth * 1e3;
            double median = JavaEngine.median(runs);
            String parity = compareLogits(model);
            out.printf(Locale.ROOT, "%-22s | %-26s | %-9s %-9s | %-22s | %6.1f %8.1f %8.1f | %s%n", "Java " + dtype,
                    times(new double[] {median, min(runs), max(runs)}), ratio(each, median), ratio(shared, median),
                    String.format(Locale.ROOT, "%.0f (%s)", decode, floor > 0 ? String.format(Locale.ROOT, "%.0f", floor)
                            : "?"), loadS, resident / GB, ProcessMemory.peakBytes() / GB, parity);
            out.flush();
        }
    }

    /**
     * The largest logit difference after the first open question's prompt between this model and the
     * PyTorch reference (float32, on the same image), and whether their arg-max agrees.
     */
    private String compareLogits(MedMoeModel model) {
        float[] theirs = inputs.torchLogitsIfWritten();
        if (theirs == null) {
            return "-";
        }
        StudyQuestion first = options.study().questions().stream().filter(q -> !q.closed()).findFirst()
                .orElse(options.study().questions().get(0));
        float[] ours = FixedLengthAnswers.generate(model, List.of(new Question(inputs.image(), first.text(), 1)))
                .get(0).prefillLastLogits();
        if (theirs.length != ours.length) {
            return "vocabulary " + ours.length + " vs " + theirs.length;
        }
        double worst = 0;
        int a = 0;
        int b = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
            a = ours[i] > ours[a] ? i : a;
            b = theirs[i] > theirs[b] ? i : b;
        }
        return String.format(Locale.ROOT, "max |diff| %.2g, arg-max %s", worst, a == b ? "same" : "differs");
    }

    private String describe() {
        long closed = options.study().questions().stream().filter(StudyQuestion::closed).count();
        int candidates = options.study().questions().stream().mapToInt(q -> q.candidates().size()).sum();
        return String.format(Locale.ROOT, "image and the prompt set's %d questions (%d closed with %d candidates, %d open)",
                options.study().questions().size(), closed, candidates, options.study().questions().size() - closed);
    }

    private static String times(double[] t) {
        return String.format(Locale.ROOT, "%.0f (%.0f..%.0f)", t[0], t[1], t[2]);
    }

    private static String ratio(double[] torch, double javaMs) {
        return torch == null ? "-" : String.format(Locale.ROOT, "%.2fx", torch[0] / javaMs);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** Float32 bytes of the weights: the float32 export's files, else twice the bf16 checkpoint. */
    private static long fp32Bytes(Path dir) {
        Path exported = dir.resolve("float32");
        Path from = Files.isDirectory(exported) ? exported : dir.resolve("checkpoint");
        long factor = Files.isDirectory(exported) ? 1 : 2;
        try (var files = Files.list(from)) {
            return factor * files.filter(f -> f.getFileName().toString().contains(".onnx")
                    || f.getFileName().toString().endsWith(".safetensors")).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long physicalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
