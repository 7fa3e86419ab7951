package org.medmoe.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a directory read-only for this process until closed: its permissions become r-x, and where
 * they do not bind (root), it is also made immutable with {@code chattr +i}. The test is skipped, with
 * the reason, where neither works. Files inside stay writable.
 */
final class ReadOnlyDirectory implements AutoCloseable {
    private final Path dir;
    private final boolean immutable;

    private ReadOnlyDirectory(Path dir, boolean immutable) {
        this.dir = dir;
        this.immutable = immutable;
    }

    static ReadOnlyDirectory of(Path dir) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!takesNewFiles(dir)) {
            return new ReadOnlyDirectory(dir, false);
        }
        String out = chattr("+i", dir);
        ReadOnlyDirectory made = new ReadOnlyDirectory(dir, true);
        if (takesNewFiles(dir)) {
            made.close();
            assumeTrue(false, "cannot make a directory read-only for this user here (permissions do not bind, "
                    + "chattr +i: " + out + ")");
        }
        return made;
    }

    /** Whether a new file can be created in {@code dir}. */
    static boolean takesNewFiles(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String chattr(String flag, Path dir) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return "exit " + p.waitFor() + (out.isEmpty() ? "" : ": " + out);
        } catch (IOException e) {
            return "not available: " + e.getMessage();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (immutable) {
            chattr("-i", dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
