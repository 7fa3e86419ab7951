package org.medmoe.app.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task state that a crash leaves under exactly-once, removed before Kafka Streams starts. After a
 * crash Kafka Streams finds the stores of each task it had open without their committed offsets,
 * declares the task corrupted, wipes and restores it from its changelog, and also makes the whole
 * group rebalance: a pause of every instance until all have rejoined. A task without a folder is
 * restored from its changelog with no rebalance. A clean stop leaves a marker file in the
 * application's state folder ({@link #markCleanStop}); a start that finds none removes the task
 * folders that hold stores, and every start removes the marker, so that a crash after it leaves none.
 * Nothing else in the state folder is touched (the process id, the poison-record markers), and
 * nothing at all while another process holds the state folder's lock. Stateless.
 */
final class CrashedTaskState {
    private static final Logger LOG = LoggerFactory.getLogger(CrashedTaskState.class);
    private static final Pattern TASK_FOLDER = Pattern.compile("\\d+_\\d+");
    private static final String LOCK = ".lock";
    static final String CLEAN_STOP = "medmoe-clean-stop";

    private CrashedTaskState() {
    }

    /** The application's state folder of {@code streams} when it runs exactly-once, else empty. */
    static Optional<Path> appFolder(Properties streams) {
        StreamsConfig config = new StreamsConfig(streams);
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            return Optional.empty();
        }
        return Optional.of(Path.of(config.getString(StreamsConfig.STATE_DIR_CONFIG),
                config.getString(StreamsConfig.APPLICATION_ID_CONFIG)));
    }

    /** Before a start: removes the task folders of {@code app} unless its last stop was clean; returns their names. */
    static List<String> removeAfterCrash(Path app) {
        if (!Files.isDirectory(app)) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(app.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                LOG.warn("state folder {} is locked by another process: left as it is", app);
                return List.of();
            }
            try {
                if (Files.deleteIfExists(app.resolve(CLEAN_STOP))) {
                    return List.of();
                }
                List<String> removed = removeTasks(app);
                if (!removed.isEmpty()) {
                    LOG.info("state of task(s) {} left by a crash removed before the start: restored from the"
                            + " changelogs, without the rebalance of a corrupted task", removed);
                }
                return removed;
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect the state folder " + app, e);
        }
    }

    /** After Kafka Streams closed cleanly: marks the state of {@code app} as left by a clean stop. */
    static void markCleanStop(Path app) {
        try {
            if (Files.isDirectory(app)) {
                Files.writeString(app.resolve(CLEAN_STOP), "Kafka Streams closed cleanly\n");
            }
        } catch (IOException e) {
            LOG.warn("cannot mark the clean stop in {} (the next start restores every task): {}", app, e.toString());
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static List<String> removeTasks(Path app) throws IOException {
        List<String> removed = new ArrayList<>();
        try (Stream<Path> children = Files.list(app)) {
            for (Path task : children.filter(Files::isDirectory)
                    .filter(p -> TASK_FOLDER.matcher(p.getFileName().toString()).matches()).sorted().toList()) {
                if (hasStores(task)) {
                    deleteTree(task);
                    removed.add(task.getFileName().toString());
                }
            }
        }
        return removed;
    }

    private static boolean hasStores(Path task) throws IOException {
        try (Stream<Path> entries = Files.list(task)) {
            return entries.anyMatch(p -> !p.getFileName().toString().endsWith(LOCK));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
