package org.medmoe.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the {@link VerificationRecord} of a model directory lives, and reading and writing it.
 * Beside the model ({@code <dir>/.medmoe-verified.json}) when the directory takes a new file; else
 * in a per-user cache directory ({@code -Dmedmoe.cache.dir}, else {@code $XDG_CACHE_HOME/medmoe},
 * else {@code ~/.cache/medmoe}) as {@code verified-<key>.json}, the key being the first 32 hex
 * digits of the SHA-256 of the directory's absolute real path, and the record naming that path.
 * A record is written whole, to a temporary file moved over the old one, so a reader sees the old
 * record or the new one, never a part. Thread-safe; instances hold only the cache root.
 */
final class VerificationStore {
    /** The record's name beside the model. */
    static final String RECORD_FILE = ".medmoe-verified.json";
    /** System property naming the cache directory (tests, or hosts whose home is not writable). */
    static final String CACHE_PROPERTY = "medmoe.cache.dir";
    private static final Logger LOG = LoggerFactory.getLogger(VerificationStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path cacheRoot;

    /** A store that falls back to {@code cacheRoot}; null: no cache, only beside the model. */
    VerificationStore(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /** The per-user cache of this process: {@value #CACHE_PROPERTY}, XDG_CACHE_HOME or the home directory. */
    static VerificationStore defaults() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return new VerificationStore(Path.of(property));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return new VerificationStore(Path.of(xdg, "medmoe"));
        }
        String home = System.getProperty("user.home");
        return new VerificationStore(home == null || home.isBlank() || "?".equals(home) ? null
                : Path.of(home, ".cache", "medmoe"));
    }

    /** Where a write went ({@code location}), or why it went nowhere ({@code whyNot}). */
    record Outcome(Path location, String whyNot) {
        boolean written() {
            return location != null;
        }
    }

    /**
     * The records of {@code dir} that exist and can be read: the one beside it, then the one in the
     * cache when it names this directory. An unreadable record is skipped (and logged): it is
     * rewritten at the next verification.
     */
    List<VerificationRecord> read(Path dir) {
        List<VerificationRecord> records = new ArrayList<>();
        readOne(dir.resolve(RECORD_FILE), null).ifPresent(records::add);
        try {
            String real = dir.toRealPath().toString();
            Path cached = cacheFile(real);
            if (cached != null) {
                readOne(cached, real).ifPresent(records::add);
            }
        } catch (IOException e) {
            LOG.debug("No cached verification record for {}: {}", dir, e.toString());
        }
        return records;
    }

    /**
     * Writes a record of {@code files} for {@code dir}, beside it when possible, else in the cache;
     * replaces what was there. Never throws for want of a writable place: the outcome says why.
     */
    Outcome write(Path dir, Map<String, VerificationRecord.Entry> files) {
        String real;
        try {
            real = dir.toRealPath().toString();
        } catch (IOException e) {
            return new Outcome(null, "the model directory's real path cannot be read: " + e);
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(VerificationRecord.of(real, files));
        } catch (IOException e) {
            throw new IllegalStateException("a verification record could not be serialised", e);
        }
        Path beside = dir.resolve(RECORD_FILE);
        String besideProblem;
        try {
            writeAtomically(beside, json);
            return new Outcome(beside, null);
        } catch (IOException e) {
            besideProblem = beside + " cannot be written (" + reason(e) + ")";
        }
        Path cached = cacheFile(real);
        if (cached == null) {
            return new Outcome(null, besideProblem + ", and there is no per-user cache directory (no home directory;"
                    + " set XDG_CACHE_HOME or -D" + CACHE_PROPERTY + ")");
        }
        try {
            Files.createDirectories(cached.getParent());
            writeAtomically(cached, json);
            return new Outcome(cached, null);
        } catch (IOException e) {
            return new Outcome(null, besideProblem + ", nor can " + cached + " (" + reason(e) + ")");
        }
    }

    /** The cache file for the directory whose real path is {@code realPath}; null without a cache. */
    Path cacheFile(String realPath) {
        if (cacheRoot == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(realPath.getBytes(StandardCharsets.UTF_8));
            return cacheRoot.resolve("verified-" + HexFormat.of().formatHex(digest, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Optional<VerificationRecord> readOne(Path file, String mustName) {
        try {
            VerificationRecord r = JSON.readValue(Files.readAllBytes(file), VerificationRecord.class);
            if (!VerificationRecord.FORMAT.equals(r.format())) {
                LOG.info("Ignoring verification record {}: format {} is not {}", file, r.format(),
                        VerificationRecord.FORMAT);
                return Optional.empty();
            }
            if (mustName != null && !mustName.equals(r.modelDir())) {
                return Optional.empty();
            }
            return Optional.of(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.info("Ignoring verification record {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static void writeAtomically(Path target, byte[] json) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), RECORD_FILE + "-", ".tmp");
        try {
            Files.write(tmp, json);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the default permissions stay.
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
