package org.medmoe.devtools.bench.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImage;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.DicomReadException;
import org.medmoe.dicom.FrameSelection;
import org.medmoe.dicom.TransferSyntaxes;
import org.medmoe.imaging.PreprocessSpec;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.WindowPresets;

/**
 * {@code medmoe bench dicom}: decode + pre-processing throughput (read the file, decode the first
 * frame, window, render, resize to 336 and crop, normalise) on real files, on one thread, side by
 * side with pydicom + numpy + Pillow doing the same work on the same files
 * ({@code tools/dicom/bench_pydicom.py}, run with Debian's {@code /usr/bin/python3}). The two
 * sides run alternately, {@value #ROUNDS} rounds each, and the best round of each side counts,
 * which keeps a busy machine from deciding the ratio.
 */
public final class DicomBenchmark {

    /** Debian's Python, which has python3-pydicom, python3-numpy and python3-pil. */
    public static final String PYTHON = "/usr/bin/python3";

    /** Alternating rounds per side; the best counts. */
    public static final int ROUNDS = 3;

    private DicomBenchmark() {
    }

    /** Result of one side. */
    public record Throughput(int images, long bytes, double seconds) {
        /** Images per second. */
        public double imagesPerSecond() {
            return images / seconds;
        }

        /** Megabytes (10^6) of DICOM files per second. */
        public double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    /** Runs with the script at {@code tools/dicom/bench_pydicom.py} below the working directory, 3 s per round. */
    public static void run(PrintStream out, List<Path> files) throws IOException, InterruptedException {
        run(out, files, Path.of("tools/dicom/bench_pydicom.py"), 3.0);
    }

    /**
     * Runs both sides on the files both can decode and prints the comparison, for all of them and
     * again for the uncompressed ones alone (the compressed syntaxes measure the codecs more than
     * this code: Java's JPEG 2000 reader is pure Java, pydicom's Pillow uses OpenJPEG).
     */
    public static void run(PrintStream out, List<Path> files, Path script, double seconds)
            throws IOException, InterruptedException {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        List<Path> uncompressed = new ArrayList<>();
        for (Path f : files) {
            try {
                if (TransferSyntaxes.isUncompressed(reader.readHeader(Files.readAllBytes(f)).transferSyntaxUid())) {
                    uncompressed.add(f);
                }
            } catch (DicomReadException e) {
                // reported by compare()
            }
        }
        out.println("== all transfer syntaxes");
        compare(out, files, script, seconds);
        if (!uncompressed.isEmpty() && uncompressed.size() < files.size()) {
            out.println("== uncompressed transfer syntaxes only");
            compare(out, uncompressed, script, seconds);
        }
        out.println("== per transfer syntax (best of " + ROUNDS + " rounds of " + seconds / 2 + " s per side)");
        perSyntax(out, files, script, seconds / 2);
    }

    /**
     * Both sides per transfer syntax, with the share of the Java time spent decoding (read, parse,
     * decompress, unpack, rescale), rendering (VOI to 8-bit RGB) and pre-processing (resize, crop,
     * normalise).
     */
    private static void perSyntax(PrintStream out, List<Path> files, Path script, double seconds)
            throws IOException, InterruptedException {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        Preprocessor pre = new Preprocessor(PreprocessSpec.medMoe(336, PreprocessSpec.Fit.CROP));
        List<Path> usable = usable(reader, pre, files, null); // the skipped ones are listed by compare
        SyntaxBreakdown.header(out);
        for (Map.Entry<String, List<Path>> group : SyntaxBreakdown.bySyntax(reader, usable).entrySet()) {
            List<Path> paths = new ArrayList<>(group.getValue());
            JsonNode python = python(script, seconds, paths);
            python.path("skipped").forEach(s -> paths.remove(Path.of(s.asText())));
            if (paths.isEmpty()) {
                continue;
            }
            double py = 0;
            SyntaxBreakdown.Stages java = null;
            for (int round = 0; round < ROUNDS; round++) {
                py = Math.max(py, throughput(python(script, seconds, paths)).imagesPerSecond());
                SyntaxBreakdown.Stages s = SyntaxBreakdown.measure(reader, pre, paths, seconds);
                java = java == null || s.imagesPerSecond() > java.imagesPerSecond() ? s : java;
            }
            SyntaxBreakdown.print(out, group.getKey(), paths.size(), java, py);
        }
    }

    /** The files this reader decodes and pre-processes; the others are named on {@code out} (when not null). */
    private static List<Path> usable(DicomImageReader reader, Preprocessor pre, List<Path> files, PrintStream out)
            throws IOException {
        List<Path> usable = new ArrayList<>();
        for (Path f : files) {
            try {
                work(reader, pre, f);
                usable.add(f);
            } catch (DicomReadException e) {
                if (out != null) {
                    out.printf(Locale.ROOT, "skip %s: %s%n", f.getFileName(), e.getClass().getSimpleName());
                }
            }
        }
        return usable;
    }

    private static void compare(PrintStream out, List<Path> files, Path script, double seconds)
            throws IOException, InterruptedException {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        Preprocessor pre = new Preprocessor(PreprocessSpec.medMoe(336, PreprocessSpec.Fit.CROP));
        List<Path> usable = usable(reader, pre, files, out);
        JsonNode python = python(script, seconds, usable);
        Set<String> skipped = new HashSet<>();
        python.path("skipped").forEach(s -> skipped.add(s.asText()));
        usable.removeIf(f -> skipped.contains(f.toString()));
        if (!skipped.isEmpty()) {
            python = python(script, seconds, usable);
        }
        Throughput py = throughput(python);
        Throughput java = measure(reader, pre, usable, seconds);
        for (int round = 1; round < ROUNDS; round++) {
            py = best(py, throughput(python(script, seconds, usable)));
            java = best(java, measure(reader, pre, usable, seconds));
        }
        out.printf(Locale.ROOT, "decode + preprocess (336, crop), %d files, one thread, best of %d rounds%n",
                usable.size(), ROUNDS);
        out.printf(Locale.ROOT, "%-22s %10s %10s%n", "", "images/s", "MB/s");
        out.printf(Locale.ROOT, "%-22s %10.1f %10.2f%n", "MedMoE Stream (Java)", java.imagesPerSecond(),
                java.megabytesPerSecond());
        out.printf(Locale.ROOT, "%-22s %10.1f %10.2f%n", "pydicom + numpy + PIL", py.imagesPerSecond(),
                py.megabytesPerSecond());
        out.printf(Locale.ROOT, "ratio (Java / pydicom): %.2fx%n", java.imagesPerSecond() / py.imagesPerSecond());
    }

    private static Throughput throughput(JsonNode python) {
        return new Throughput(python.path("images").asInt(), python.path("bytes").asLong(),
                python.path("seconds").asDouble());
    }

    private static Throughput best(Throughput a, Throughput b) {
        return a.imagesPerSecond() >= b.imagesPerSecond() ? a : b;
    }

    private static Throughput measure(DicomImageReader reader, Preprocessor pre, List<Path> files, double seconds)
            throws IOException {
        long warmupEnd = System.nanoTime() + (long) (1e9 * Math.min(2.0, seconds / 2));
        while (System.nanoTime() < warmupEnd) {
            for (Path f : files) {
                workQuietly(reader, pre, f);
            }
        }
        int images = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (Path f : files) {
                workQuietly(reader, pre, f);
                images++;
                bytes += Files.size(f);
            }
        }
        return new Throughput(images, bytes, (System.nanoTime() - start) / 1e9);
    }

    private static float[] work(DicomImageReader reader, Preprocessor pre, Path f)
            throws IOException, DicomReadException {
        DicomImage image = reader.read(f, FrameSelection.first());
        return pre.tensor(image.frames().get(0), image.voi(0, WindowPresets.defaults())).data();
    }

    private static void workQuietly(DicomImageReader reader, Preprocessor pre, Path f) throws IOException {
        try {
            work(reader, pre, f);
        } catch (DicomReadException e) {
            throw new IOException("file decoded once, then failed: " + f, e);
        }
    }

    private static JsonNode python(Path script, double seconds, List<Path> files)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), Double.toString(seconds)));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10L + (long) (4 * seconds), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("the pydicom benchmark (" + script + ") failed: " + text);
        }
        return new ObjectMapper().readTree(text.strip().lines().reduce((a, b) -> b).orElse("{}"));
    }
}
