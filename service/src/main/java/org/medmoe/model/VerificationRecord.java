package org.medmoe.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a full SHA-256 check of a model directory found, so that later starts hash only the files
 * that changed since: per file name, the size and modification time the file had when it was hashed,
 * and the SHA-256 it had, which was the manifest's. A file is vouched for only while its size and
 * modification time are exactly those and the manifest still lists that SHA-256. Immutable; stored
 * as JSON (format {@value #FORMAT}, described in docs/model-runtime.md) by {@link VerificationStore}.
 *
 * @param format {@value #FORMAT}
 * @param modelDir the absolute real path of the model directory when the record was written
 * @param files file name (as the manifest lists it) to what was verified
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record VerificationRecord(String format, String modelDir, Map<String, Entry> files) {
    static final String FORMAT = "medmoe-verified/1";

    /** Copies the map; a record without one vouches for nothing. */
    VerificationRecord {
        files = files == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /**
     * One verified file.
     *
     * @param bytes its size when it was hashed
     * @param mtimeNs its modification time then, in nanoseconds since the epoch (full precision)
     * @param sha256 its SHA-256 (lower-case hex), equal to the manifest's
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(long bytes, long mtimeNs, String sha256) {
    }

    /**
     * A file's size and modification time as the file system reports them now.
     *
     * @param bytes size in bytes
     * @param mtimeNs modification time in nanoseconds since the epoch
     */
    record FileState(long bytes, long mtimeNs) {
        /** Reads both in one call. */
        static FileState of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileState(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }

        /** What to remember of a file in this state whose hash was {@code sha256}. */
        Entry verified(String sha256) {
            return new Entry(bytes, mtimeNs, sha256.toLowerCase(Locale.ROOT));
        }
    }

    /** A record of {@code files} for the directory at {@code modelDir}. */
    static VerificationRecord of(String modelDir, Map<String, Entry> files) {
        return new VerificationRecord(FORMAT, modelDir, files);
    }

    /**
     * Whether this record vouches for file {@code name} in state {@code now} when the manifest lists
     * {@code expectedSha256}: same size, same modification time to the nanosecond, same hash.
     */
    boolean vouchesFor(String name, FileState now, String expectedSha256) {
        Entry e = files.get(name);
        return FORMAT.equals(format) && e != null && expectedSha256 != null && e.sha256() != null
                && e.bytes() == now.bytes() && e.mtimeNs() == now.mtimeNs() && e.sha256().equalsIgnoreCase(expectedSha256);
    }
}
