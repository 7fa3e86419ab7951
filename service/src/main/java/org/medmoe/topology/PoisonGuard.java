package org.medmoe.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Remembers, on local disk, which input record an analysis is working on, so that a record whose
 * processing takes the whole process down (a native decoder's crash, an out-of-memory kill) is
 * recognised when it comes back after the restart and, past {@code limit} such deaths, quarantined
 * instead of crashing the process forever. One marker file per source partition in the folder
 * {@value #FOLDER} of the application's state folder, beside the task folders (Kafka Streams wipes a
 * task's folder when it restores the task after a crash under exactly-once, and ignores folders not
 * named as tasks), written (synced) before each analysis: the offset in flight ({@code in-flight
 * OFFSET}) and the deaths counted so far ({@code died OFFSET COUNT}). A marker found in flight at the
 * next begin counts one death of its offset; the count survives the records before it, which come
 * back too after a crash (their transaction was aborted), and the end of its record's processing,
 * which is not final until its transaction commits: a process killed between a quarantine and that
 * commit brings the record back, and it is quarantined again rather than analysed. Counts are dropped
 * at the first begin of a partition in a guard (a task's start, after a restart or an assignment),
 * for the offsets below the one begun: the partition's committed position has passed them. A task
 * that moves to another instance starts its count afresh there. Used by one stream thread (its
 * task's processor); not thread-safe.
 */
final class PoisonGuard {
    /** The markers' folder in the application's state folder. */
    static final String FOLDER = "medmoe-poison-guard";
    private static final String IN_FLIGHT = "in-flight";
    private static final String DIED = "died";

    private final Path dir;
    private final int limit;
    /**
     * What this guard last wrote to each marker (a marker without an entry has not been begun since
     * the task started), so that {@link #end} need not read it back.
     */
    private final Map<Path, Marker> written = new HashMap<>();

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
        Marker m = read(marker);
        if (m.inFlight() != null) {
            m.deaths().merge(m.inFlight(), 1, Integer::sum);
        }
        if (!written.containsKey(marker)) {
            // The first record of the partition since the task started: its committed position.
            m.deaths().headMap(offset).clear();
        }
        Marker now = new Marker(offset, m.deaths());
        write(marker, now);
        written.put(marker, now);
        return m.deaths().getOrDefault(offset, 0);
    }

    /** True when a record whose processing died {@code died} times is to be quarantined. */
    boolean quarantine(int died) {
        return limit > 0 && died >= limit;
    }

    /**
     * The processing of the marked record ended (in results or a dead letter); the deaths it had are
     * kept until the partition's committed position has passed it (see the class comment).
     */
    void end(String topic, int partition) {
        Path marker = marker(topic, partition);
        Marker cached = written.get(marker);
        Marker m = cached != null ? cached : read(marker);
        Marker now = new Marker(null, m.deaths());
        try {
            if (now.deaths().isEmpty()) {
                Files.deleteIfExists(marker);
            } else {
                write(marker, now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.put(marker, now);
    }

    /** What a marker file holds: the offset in flight (null: none) and the deaths per offset. */
    private record Marker(Long inFlight, TreeMap<Long, Integer> deaths) {
    }

    private static Marker read(Path marker) {
        Long inFlight = null;
        TreeMap<Long, Integer> deaths = new TreeMap<>();
        try {
            if (Files.exists(marker)) {
                for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
                    String[] parts = line.trim().split(" ");
                    if (parts.length == 2 && parts[0].equals(IN_FLIGHT)) {
                        inFlight = Long.parseLong(parts[1]);
                    } else if (parts.length == 3 && parts[0].equals(DIED)) {
                        deaths.put(Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
                    }
                }
            }
            return new Marker(inFlight, deaths);
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException("poison-record marker " + marker + " cannot be read: " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private void write(Path marker, Marker m) {
        StringBuilder text = new StringBuilder();
        if (m.inFlight() != null) {
            text.append(IN_FLIGHT).append(' ').append(m.inFlight()).append('\n');
        }
        m.deaths().forEach((offset, count) -> text.append(DIED).append(' ').append(offset).append(' ').append(count)
                .append('\n'));
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(marker.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("poison-record marker " + marker + " cannot be kept: " + e.getMessage(), e);
        }
    }

    private Path marker(String topic, int partition) {
        return dir.resolve(topic.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + partition + ".in-flight");
    }
}
