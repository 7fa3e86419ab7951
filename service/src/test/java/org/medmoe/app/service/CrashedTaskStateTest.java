package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task folders a crash leaves under exactly-once are removed before Kafka Streams starts; those
 * of a clean stop are kept, and so are the process id and the poison markers, and everything while
 * the folder is locked.
 */
class CrashedTaskStateTest {
    @TempDir
    Path state;

    private Path app;

    @BeforeEach
    void layout() throws IOException {
        app = Files.createDirectories(state.resolve("medmoe-test"));
        write(app.resolve("0_1/rocksdb/study-revisions/CURRENT"));
        write(app.resolve("0_2/rocksdb/study-revisions/CURRENT"));
        Files.createDirectories(app.resolve("0_3"));
        write(app.resolve("1_4/rocksdb/study-published-revisions/000005.log"));
        write(app.resolve("medmoe-poison-guard/0_1/marker"));
        write(app.resolve("kafka-streams-process-metadata"));
    }

    @Test
    void shouldRemoveEveryTaskWithStoresAfterAStopThatWasNotMarkedClean() {
        assertThat(CrashedTaskState.removeAfterCrash(app)).containsExactly("0_1", "0_2", "1_4");

        assertThat(app.resolve("0_1")).doesNotExist();
        assertThat(app.resolve("0_2")).doesNotExist();
        assertThat(app.resolve("1_4")).doesNotExist();
        assertThat(app.resolve("0_3")).isDirectory();
        assertThat(app.resolve("medmoe-poison-guard/0_1/marker")).exists();
        assertThat(app.resolve("kafka-streams-process-metadata")).exists();
    }

    @Test
    void shouldKeepEverythingAfterACleanStopAndForgetTheMarkSoThatTheNextCrashIsSeen() {
        CrashedTaskState.markCleanStop(app);

        assertThat(CrashedTaskState.removeAfterCrash(app)).isEmpty();
        assertThat(app.resolve("0_1/rocksdb/study-revisions/CURRENT")).exists();
        assertThat(app.resolve(CrashedTaskState.CLEAN_STOP)).doesNotExist();

        assertThat(CrashedTaskState.removeAfterCrash(app)).containsExactly("0_1", "0_2", "1_4");
    }

    @Test
    void shouldLeaveEverythingWhileTheStateFolderIsLocked() throws IOException {
        try (FileChannel channel = FileChannel.open(app.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            assertThat(CrashedTaskState.removeAfterCrash(app)).isEmpty();
        }
        assertThat(app.resolve("0_1/rocksdb/study-revisions/CURRENT")).exists();
    }

    @Test
    void shouldApplyOnlyToExactlyOnce() {
        assertThat(CrashedTaskState.appFolder(properties(StreamsConfig.AT_LEAST_ONCE))).isEmpty();
        assertThat(CrashedTaskState.appFolder(properties(StreamsConfig.EXACTLY_ONCE_V2))).contains(app);
    }

    @Test
    void shouldDoNothingForAnApplicationThatNeverRanHere() {
        assertThat(CrashedTaskState.removeAfterCrash(state.resolve("never-ran"))).isEmpty();
        assertThat(state.resolve("never-ran")).doesNotExist();
    }

    private Properties properties(String guarantee) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "medmoe-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        return p;
    }

    private static void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }
}
