package org.medmoe.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Remembers, on local disk, which input record an analysis is working on, so that a record whose
 * processing takes the whole process down (a native decoder's crash, an out-of-memory kill) is
 * recognised when it comes back after the restart and, past {@code limit} such deaths, quarantined
 * instead of crashing the process forever. One marker file per source partition in the folder
 * {@value #FOLDER} of the application's state folder, beside the task folders (Kafka Streams wipes a
 * task's folder when it restores the task after a crash under exactly-once, and ignores folders not
 * named as tasks): {@code offset tries}, written (synced) before the analysis and removed after it,
 * whatever it made; a marker that survives a restart with the same offset counts one death more.
 * A task that moves to another instance starts its count afresh there. Used by one stream thread
 * (its task's processor); not thread-safe.
 */
final class PoisonGuard {
    /** The markers' folder in the application's state folder. */
    static final String FOLDER = "medmoe-poison-guard";

    private final Path dir;
    private final int limit;

    /** @param limit deaths within the processing of one record before it is quarantined (0: never) */
    PoisonGuard(Path dir, int limit) {
        this.dir = dir;
        this.limit = limit;
    }

    /**
     * Marks {@code offset} of {@code topic}-{@code partition} as being processed and says how many
     * times before its processing began and never finished.
     */
    int begin(String topic, int partition, long offset) {
        Path marker = marker(topic, partition);
        int died = 0;
        try {
            if (Files.exists(marker)) {
                String[] parts = Files.readString(marker, StandardCharsets.UTF_8).trim().split(" ");
                if (parts.length == 2 && parts[0].equals(Long.toString(offset))) {
                    died = Integer.parseInt(parts[1]);
                }
            }
            Files.createDirectories(dir);
            Path tmp = dir.resolve(marker.getFileName() + ".tmp");
            Files.writeString(tmp, offset + " " + (died + 1), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return died;
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException("poison-record marker " + marker + " cannot be kept: " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** True when a record whose processing died {@code died} times is to be quarantined. */
    boolean quarantine(int died) {
        return limit > 0 && died >= limit;
    }

    /** The processing of the marked record ended (in results or a dead letter). */
    void end(String topic, int partition) {
        try {
            Files.deleteIfExists(marker(topic, partition));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path marker(String topic, int partition) {
        return dir.resolve(topic.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + partition + ".in-flight");
    }
}
