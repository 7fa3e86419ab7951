package org.medmoe.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The full check of a model directory ({@code medmoe model verify}): hashes every file the manifest
 * lists, whatever was remembered, and then records the files that matched, so that the next start
 * hashes none of them; files that did not match are left out of the record, and a start hashes them
 * (and refuses them) again. {@link MedMoeModel#load} does the cheaper start-up check instead.
 * Stateless apart from where it records; one call runs in the calling thread.
 */
public final class ModelVerifier {
    private final VerificationStore store;

    /** Records beside the model, else in the per-user cache directory. */
    public ModelVerifier() {
        this(VerificationStore.defaults());
    }

    /** Records beside the model, else under {@code cacheRoot}. */
    public ModelVerifier(Path cacheRoot) {
        this(new VerificationStore(cacheRoot));
    }

    private ModelVerifier(VerificationStore store) {
        this.store = store;
    }

    /** What was found for one file. */
    public enum Status {
        /** Size and SHA-256 are the manifest's. */
        OK,
        /** The file does not exist. */
        MISSING,
        /** The size differs from the manifest's (the hash then differs too). */
        SIZE_MISMATCH,
        /** The size is right but the SHA-256 is not. */
        HASH_MISMATCH
    }

    /**
     * One file's result.
     *
     * @param name the file name as the manifest lists it
     * @param status what was found
     * @param expectedBytes the manifest's size
     * @param actualBytes the file's size (-1 when missing)
     * @param expectedSha256 the manifest's SHA-256
     * @param actualSha256 the file's SHA-256 (null when missing)
     * @param nanos time spent hashing it
     */
    public record FileResult(String name, Status status, long expectedBytes, long actualBytes, String expectedSha256,
            String actualSha256, long nanos) {
        /** True when the file is as the manifest says. */
        public boolean ok() {
            return status == Status.OK;
        }
    }

    /**
     * The whole check.
     *
     * @param files one result per listed file, in the manifest's order
     * @param bytesHashed bytes read and hashed
     * @param nanos time spent hashing
     * @param recordedIn where the matching files were recorded, or null
     * @param notRecordedBecause why they were not recorded, or null
     */
    public record Summary(List<FileResult> files, long bytesHashed, long nanos, Path recordedIn,
            String notRecordedBecause) {
        /** Copies the list. */
        public Summary {
            files = List.copyOf(files);
        }

        /** True when every listed file is as the manifest says. */
        public boolean ok() {
            return files.stream().allMatch(FileResult::ok);
        }

        /** Hashing throughput in MB (10^6 bytes) per second. */
        public double megabytesPerSecond() {
            return nanos == 0 ? 0 : bytesHashed / 1e6 / (nanos / 1e9);
        }
    }

    /**
     * Hashes every file {@code dir}'s manifest lists, passing each result to {@code progress} as it
     * is done, then records the matching files.
     *
     * @throws ModelLoadException the directory is missing, or its manifest is missing or invalid,
     *     or a file cannot be read
     */
    public Summary verify(Path dir, Consumer<FileResult> progress) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model directory not found: " + dir);
        }
        ModelManifest manifest = ManifestReader.read(dir);
        List<FileResult> results = new ArrayList<>();
        Map<String, VerificationRecord.Entry> verified = new LinkedHashMap<>();
        long bytes = 0;
        long nanos = 0;
        for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
            String name = e.getKey();
            ModelManifest.FileEntry expected = e.getValue();
            Path file = dir.resolve(name);
            FileResult result;
            if (!Files.isRegularFile(file)) {
                result = new FileResult(name, Status.MISSING, expected.bytes(), -1, expected.sha256(), null, 0);
            } else {
                VerificationRecord.FileState before = FileIntegrity.state(file);
                long start = System.nanoTime();
                String actual = FileIntegrity.sha256(file);
                long took = System.nanoTime() - start;
                bytes += before.bytes();
                nanos += took;
                Status status = before.bytes() != expected.bytes() ? Status.SIZE_MISMATCH
                        : expected.sha256() != null && expected.sha256().equalsIgnoreCase(actual) ? Status.OK
                        : Status.HASH_MISMATCH;
                result = new FileResult(name, status, expected.bytes(), before.bytes(), expected.sha256(), actual, took);
                if (status == Status.OK && before.equals(FileIntegrity.state(file))) {
                    verified.put(name, before.verified(actual));
                }
            }
            results.add(result);
            progress.accept(result);
        }
        VerificationStore.Outcome outcome = store.write(dir, verified);
        return new Summary(results, bytes, nanos, outcome.location(), outcome.whyNot());
    }
}
