package org.medmoe.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of the files a manifest lists. Every start: each file exists and has the size
 * the manifest gives. The SHA-256 of a file is computed only when no {@link VerificationRecord}
 * vouches for it (same size, modification time and manifest hash as when it was last hashed); the
 * files hashed and found to match are then remembered through the {@link VerificationStore}.
 * Stateless; a directory may be checked from several processes at once.
 */
final class FileIntegrity {
    private static final Logger LOG = LoggerFactory.getLogger(FileIntegrity.class);
    private static final int BUFFER = 1 << 20;

    private FileIntegrity() {
    }

    /**
     * Checks {@code dir} against {@code manifest}, remembering verifications in the per-user defaults
     * of {@link VerificationStore#defaults()}.
     *
     * @throws ModelLoadException a listed file is missing, its size differs from the manifest's, or
     *     it had to be hashed and its SHA-256 differs
     */
    static void verify(Path dir, ModelManifest manifest) {
        verify(dir, manifest, VerificationStore.defaults());
    }

    /** As {@link #verify(Path, ModelManifest)}, with the records in {@code store}. */
    static void verify(Path dir, ModelManifest manifest, VerificationStore store) {
        Map<String, VerificationRecord.FileState> states = sizesMatch(dir, manifest);
        List<VerificationRecord> records = store.read(dir);
        Map<String, VerificationRecord.Entry> verified = new LinkedHashMap<>();
        int hashed = 0;
        long hashedBytes = 0;
        long start = System.nanoTime();
        for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
            String name = e.getKey();
            String expected = e.getValue().sha256();
            VerificationRecord.FileState before = states.get(name);
            if (records.stream().anyMatch(r -> r.vouchesFor(name, before, expected))) {
                verified.put(name, before.verified(expected));
                continue;
            }
            Path file = dir.resolve(name);
            String actual = sha256(file);
            hashed++;
            hashedBytes += before.bytes();
            if (expected == null || !expected.equalsIgnoreCase(actual)) {
                throw new ModelLoadException("model file " + file + " does not match " + ManifestReader.FILE
                        + ": SHA-256 is " + actual + ", the manifest says " + expected);
            }
            if (before.equals(state(file))) {
                verified.put(name, before.verified(actual));
            }
        }
        if (hashed == 0) {
            LOG.info("Model files of {} match their verification record (sizes checked, nothing hashed)", dir);
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("Hashed {} of {} model files of {} ({} MB in {} s)", hashed, manifest.files().size(), dir,
                String.format(Locale.ROOT, "%.1f", hashedBytes / 1e6),
                String.format(Locale.ROOT, "%.2f", seconds));
        VerificationStore.Outcome outcome = store.write(dir, verified);
        if (!outcome.written()) {
            LOG.info("Model files of {} will be hashed at every start: the verification cannot be recorded: {}", dir,
                    outcome.whyNot());
        }
    }

    /**
     * Each listed file exists and has the manifest's size; returns their states.
     *
     * @throws ModelLoadException naming the first file that is missing or of another size
     */
    static Map<String, VerificationRecord.FileState> sizesMatch(Path dir, ModelManifest manifest) {
        Map<String, VerificationRecord.FileState> states = new LinkedHashMap<>();
        for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException("model file " + file + " is listed in " + ManifestReader.FILE
                        + " but missing");
            }
            VerificationRecord.FileState state = state(file);
            long expected = e.getValue().bytes();
            if (state.bytes() != expected) {
                throw new ModelLoadException("model file " + file + " does not match " + ManifestReader.FILE
                        + ": it has " + state.bytes() + " bytes, the manifest says " + expected
                        + " (files." + e.getKey() + ".bytes)");
            }
            states.put(e.getKey(), state);
        }
        return states;
    }

    /** The file's size and modification time. */
    static VerificationRecord.FileState state(Path file) {
        try {
            return VerificationRecord.FileState.of(file);
        } catch (IOException e) {
            throw new ModelLoadException("model file " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of {@code file}, lower-case hex. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelLoadException("model file " + file + " could not be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
