package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.runtime.RuntimeConfig;
import org.slf4j.LoggerFactory;

/**
 * The start-up check hashes a model file only when no record vouches for it (same size, modification
 * time and manifest hash as when it was last hashed), and remembers what it hashed: beside the model,
 * else in the per-user cache. Tests use copies of the tiny model and a cache directory under a
 * temporary folder.
 */
class ModelVerificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DECODER = "decoder_model_merged.onnx";

    @TempDir
    Path temp;

    private Path dir;
    private Path cache;
    private VerificationStore store;
    private ModelManifest manifest;

    @BeforeEach
    void copyTheTinyModel() {
        dir = TinyModel.copyTo(temp.resolve("model"));
        cache = temp.resolve("cache");
        store = new VerificationStore(cache);
        manifest = ManifestReader.read(dir);
    }

    @Test
    void shouldHashAnUnverifiedModelOnceAndThenRememberIt() throws IOException {
        // Given a model that was never verified
        assertThat(dir.resolve(VerificationStore.RECORD_FILE)).doesNotExist();

        // When it is checked at start-up
        FileIntegrity.verify(dir, manifest, store);

        // Then every file is recorded beside it with its size, exact modification time and hash
        JsonNode record = JSON.readTree(dir.resolve(VerificationStore.RECORD_FILE).toFile());
        assertThat(record.get("format").asText()).isEqualTo("medmoe-verified/1");
        assertThat(record.get("modelDir").asText()).isEqualTo(dir.toRealPath().toString());
        assertThat(record.get("files").size()).isEqualTo(manifest.files().size());
        for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
            JsonNode entry = record.get("files").get(e.getKey());
            Path file = dir.resolve(e.getKey());
            assertThat(entry.get("bytes").asLong()).isEqualTo(Files.size(file));
            assertThat(entry.get("mtimeNs").asLong())
                    .isEqualTo(Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));
            assertThat(entry.get("sha256").asText()).isEqualTo(e.getValue().sha256());
        }
        assertThat(cache).doesNotExist();

        // And a second start does not read the files: a corruption that kept size and time goes unseen
        ModelFiles.corruptKeepingSizeAndTime(dir.resolve(DECODER));
        assertThatCode(() -> FileIntegrity.verify(dir, manifest, store)).doesNotThrowAnyException();
    }

    @Test
    void shouldHashAgainAFileWhoseModificationTimeChangedAndFindTheCorruption() throws IOException {
        // Given a verified model whose decoder is then corrupted, its modification time moved by a microsecond
        FileIntegrity.verify(dir, manifest, store);
        Path decoder = dir.resolve(DECODER);
        FileTime verifiedAt = Files.getLastModifiedTime(decoder);
        ModelFiles.corruptKeepingSizeAndTime(decoder);
        Files.setLastModifiedTime(decoder, FileTime.from(verifiedAt.toInstant().plus(1, ChronoUnit.MICROS)));

        // When starting, Then the record no longer vouches for it, and hashing finds the corruption
        assertThatThrownBy(() -> FileIntegrity.verify(dir, manifest, store))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(DECODER + " does not match model.json: SHA-256 is")
                .hasMessageContaining("the manifest says " + manifest.files().get(DECODER).sha256());

        // And with the time set back, the old record vouches for the file again (size and time are all it sees)
        Files.setLastModifiedTime(decoder, verifiedAt);
        assertThatCode(() -> FileIntegrity.verify(dir, manifest, store)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAtStartUpAFileWhoseSizeDiffersNamingTheFileAndBothSizes() throws IOException {
        // Given a verified model whose tokenizer then grew by one byte
        FileIntegrity.verify(dir, manifest, store);
        Path tokenizer = dir.resolve("tokenizer.json");
        long listed = manifest.files().get("tokenizer.json").bytes();
        Files.writeString(tokenizer, Files.readString(tokenizer) + " ");

        // When loading, Then the size check refuses it before anything is hashed or run
        assertThatThrownBy(() -> MedMoeModel.load(dir, RuntimeConfig.cpu(1)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(tokenizer.toString())
                .hasMessageContaining("it has " + (listed + 1) + " bytes, the manifest says " + listed);
    }

    @Test
    void shouldRecordInTheCacheDirectoryWhenTheModelDirectoryIsReadOnly() throws Exception {
        try (ReadOnlyDirectory ignored = ReadOnlyDirectory.of(dir)) {
            // Given a model directory that takes no new file
            // When it is checked at start-up
            FileIntegrity.verify(dir, manifest, store);

            // Then the record is in the cache, under the key of the directory's real path, naming it
            assertThat(dir.resolve(VerificationStore.RECORD_FILE)).doesNotExist();
            Path cached = store.cacheFile(dir.toRealPath().toString());
            assertThat(cached.getParent()).isEqualTo(cache);
            JsonNode record = JSON.readTree(cached.toFile());
            assertThat(record.get("modelDir").asText()).isEqualTo(dir.toRealPath().toString());
            assertThat(record.get("files").size()).isEqualTo(manifest.files().size());

            // And the next start trusts it: a corruption that kept size and time goes unseen
            ModelFiles.corruptKeepingSizeAndTime(dir.resolve("vision_encoder.onnx"));
            assertThatCode(() -> FileIntegrity.verify(dir, manifest, store)).doesNotThrowAnyException();
            // But not a record of the same name that names another directory
            Path other = TinyModel.copyTo(temp.resolve("other"));
            Files.copy(cached, store.cacheFile(other.toRealPath().toString()));
            ModelFiles.corruptKeepingSizeAndTime(other.resolve("vision_encoder.onnx"));
            assertThatThrownBy(() -> FileIntegrity.verify(other, manifest, new VerificationStore(cache)))
                    .hasMessageContaining("vision_encoder.onnx does not match");
        }
    }

    @Test
    void shouldHashAtEveryStartAndSayWhyOnceWhenNoRecordCanBeWritten() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("cache-is-a-file"), "x");
        VerificationStore nowhere = new VerificationStore(notADirectory);
        Logger log = (Logger) LoggerFactory.getLogger(FileIntegrity.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (ReadOnlyDirectory ignored = ReadOnlyDirectory.of(dir)) {
            // Given a read-only model directory and a cache that cannot be created
            // When it is checked at start-up
            FileIntegrity.verify(dir, manifest, nowhere);

            // Then one INFO line says why its files will be hashed at every start
            assertThat(lines.list).filteredOn(e -> e.getLevel() == Level.INFO)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(m -> m.contains("will be hashed at every start")).singleElement().asString()
                    .contains(VerificationStore.RECORD_FILE, notADirectory.toString());

            // And the next start hashes again and finds a corruption that kept size and time
            ModelFiles.corruptKeepingSizeAndTime(dir.resolve(DECODER));
            assertThatThrownBy(() -> FileIntegrity.verify(dir, manifest, nowhere))
                    .hasMessageContaining(DECODER + " does not match");
        } finally {
            log.detachAppender(lines);
        }
    }

    @Test
    void shouldStartAFreshExportWithoutHashingThroughTheRecordTheExporterWrites() throws Exception {
        // Given the record written by the exporter's module for the manifest's files
        ReferenceOracle.runPython(temp, "-c", String.join("\n",
                "import importlib.util, json, sys",
                "spec = importlib.util.spec_from_file_location('verified', 'tools/medmoe_ref/verified.py')",
                "verified = importlib.util.module_from_spec(spec)",
                "spec.loader.exec_module(verified)",
                "files = json.load(open(sys.argv[1] + '/model.json'))['files']",
                "print(verified.write_record(sys.argv[1], files, cache_root=sys.argv[2]))"),
                dir.toString(), cache.toString());
        assertThat(dir.resolve(VerificationStore.RECORD_FILE)).isRegularFile();

        // When a file is corrupted keeping its size and time, Then the start-up check does not see it: nothing was hashed
        ModelFiles.corruptKeepingSizeAndTime(dir.resolve(DECODER));
        assertThatCode(() -> FileIntegrity.verify(dir, manifest, store)).doesNotThrowAnyException();
    }
}
