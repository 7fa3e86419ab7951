package org.medmoe.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Checks every file the manifest lists against its size and SHA-256. Stateless. */
final class FileIntegrity {
    private FileIntegrity() {
    }

    /**
     * @throws ModelLoadException a listed file is missing, or its size or hash differs
     */
    static void verify(Path dir, ModelManifest manifest) {
        for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException("model file " + file + " is listed in " + ManifestReader.FILE
                        + " but missing");
            }
            String actual = sha256(file);
            String expected = e.getValue().sha256();
            if (expected == null || !expected.equalsIgnoreCase(actual)) {
                throw new ModelLoadException("model file " + file + " does not match " + ManifestReader.FILE
                        + ": SHA-256 is " + actual + ", the manifest says " + expected);
            }
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
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
