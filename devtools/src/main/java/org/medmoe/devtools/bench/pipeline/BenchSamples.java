package org.medmoe.devtools.bench.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medmoe.devtools.embedded.TempFiles;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.dicom.DicomReadException;

/**
 * Sample studies for {@code bench pipeline}, written as they are needed, a set at a time, each study
 * with UIDs no other set has, under one temporary folder that {@link #close} deletes. A set's files
 * can be deleted once both sides have run it ({@link #release}), so a long warm-up does not fill the
 * disk. Not thread-safe.
 */
final class BenchSamples implements AutoCloseable {
    private final Path modelDir;
    private final Path root;
    private int sets;

    /** A set of sample studies and the folder that holds their files. */
    record Set(List<SampleStudies.Sample> samples, Path folder) {
    }

    BenchSamples(Path modelDir) throws java.io.IOException {
        this.modelDir = modelDir;
        this.root = Files.createTempDirectory("medmoe-bench-");
    }

    /** The temporary folder under which the sets (and anything else of the benchmark's) live. */
    Path root() {
        return root;
    }

    /** {@code count} new studies, the tiny model's sample images over and over, each with fresh UIDs. */
    Set next(int count) throws java.io.IOException, DicomReadException {
        int set = sets++;
        Path folder = root.resolve("set-" + set);
        List<SampleStudies.Sample> out = new ArrayList<>();
        for (int round = 0; out.size() < count; round++) {
            String variant = "bench-" + set + "-round-" + round + "-";
            for (SampleStudies.Sample s : SampleStudies.write(modelDir, folder.resolve("round-" + round), variant)) {
                if (out.size() < count) {
                    out.add(s);
                }
            }
        }
        return new Set(List.copyOf(out), folder);
    }

    /** Deletes a set's files. */
    void release(Set set) {
        TempFiles.deleteRecursively(set.folder());
    }

    @Override
    public void close() {
        TempFiles.deleteRecursively(root);
    }
}
