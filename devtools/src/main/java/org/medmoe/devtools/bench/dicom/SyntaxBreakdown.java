package org.medmoe.devtools.bench.dicom;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.medmoe.dicom.DicomImage;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.DicomReadException;
import org.medmoe.dicom.FrameSelection;
import org.medmoe.dicom.TransferSyntaxes;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.RgbImage;
import org.medmoe.imaging.WindowPresets;

/**
 * The per-transfer-syntax part of {@code medmoe bench dicom}: for each syntax, images per second of
 * both sides, and where the Java side spends its time (read + decode, render with the VOI, resize
 * + normalise). Used by {@link DicomBenchmark}; one thread; not thread-safe.
 */
final class SyntaxBreakdown {

    private SyntaxBreakdown() {
    }

    /** Java time per stage, in nanoseconds, over {@code images} images. */
    record Stages(int images, long decodeNanos, long renderNanos, long preprocessNanos) {
        double imagesPerSecond() {
            return images / ((decodeNanos + renderNanos + preprocessNanos) / 1e9);
        }

        private String percentages() {
            double total = decodeNanos + renderNanos + preprocessNanos;
            return String.format(Locale.ROOT, "%3.0f%% %3.0f%% %3.0f%%", 100 * decodeNanos / total,
                    100 * renderNanos / total, 100 * preprocessNanos / total);
        }
    }

    /** The files grouped by transfer syntax UID, in UID order. */
    static Map<String, List<Path>> bySyntax(DicomImageReader reader, List<Path> files) throws IOException {
        Map<String, List<Path>> out = new TreeMap<>();
        for (Path f : files) {
            try {
                out.computeIfAbsent(reader.readHeader(Files.readAllBytes(f)).transferSyntaxUid(),
                        k -> new ArrayList<>()).add(f);
            } catch (DicomReadException e) {
                // not decodable: the caller has left it out already
            }
        }
        return out;
    }

    /** Measures the stages on {@code files} for about {@code seconds}, after a warm-up pass. */
    static Stages measure(DicomImageReader reader, Preprocessor pre, List<Path> files, double seconds)
            throws IOException {
        for (Path f : files) {
            once(reader, pre, f, new long[3]);
        }
        long[] nanos = new long[3];
        int images = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (Path f : files) {
                once(reader, pre, f, nanos);
                images++;
            }
        }
        return new Stages(images, nanos[0], nanos[1], nanos[2]);
    }

    private static void once(DicomImageReader reader, Preprocessor pre, Path f, long[] nanos) throws IOException {
        try {
            long t0 = System.nanoTime();
            DicomImage image = reader.read(f, FrameSelection.first());
            long t1 = System.nanoTime();
            RgbImage rgb = image.render(0, WindowPresets.defaults());
            long t2 = System.nanoTime();
            pre.tensor(rgb);
            long t3 = System.nanoTime();
            nanos[0] += t1 - t0;
            nanos[1] += t2 - t1;
            nanos[2] += t3 - t2;
        } catch (DicomReadException e) {
            throw new IOException("file decoded once, then failed: " + f, e);
        }
    }

    /** Prints one line per syntax: its files, both sides' images/s, the ratio and the Java stages. */
    static void print(PrintStream out, String uid, int files, Stages java, double pydicomImagesPerSecond) {
        out.printf(Locale.ROOT, "%-36s %5d %10.1f %10.1f %7.2fx   %s%n",
                TransferSyntaxes.name(uid) + " (" + (uid.startsWith("1.2.840.10008.") ? uid.substring(14) : uid) + ")", files,
                java.imagesPerSecond(), pydicomImagesPerSecond, java.imagesPerSecond() / pydicomImagesPerSecond,
                java.percentages());
    }

    /** The header of the table {@link #print} writes. */
    static void header(PrintStream out) {
        out.printf(Locale.ROOT, "%-36s %5s %10s %10s %8s   %s%n", "transfer syntax", "files", "Java im/s",
                "pydicom", "ratio", "Java: decode render resize+normalise");
    }
}
