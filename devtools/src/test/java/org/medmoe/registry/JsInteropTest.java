package org.medmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.devtools.bench.serde.SampleRecords;
import org.medmoe.devtools.embedded.TestRegistry;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wire compatibility with Confluent's own JavaScript client ({@code interop/js}), both ways,
 * through the shared embedded registry. Skipped, with the reason, only where Node.js is missing.
 */
@Tag("integration")
class JsInteropTest {
    private static final Logger LOG = LoggerFactory.getLogger(JsInteropTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path INTEROP = Path.of(System.getProperty("medmoe.project.dir", "."), "interop", "js");

    private static HttpSchemaRegistry registry;

    @TempDir
    Path work;

    @BeforeAll
    static void installClient() throws Exception {
        String missing = missingTool();
        assumeTrue(missing == null, missing);
        if (!Files.isDirectory(INTEROP.resolve("node_modules/@confluentinc/schemaregistry"))) {
            LOG.info("installing the JavaScript interop client (npm ci) in {}", INTEROP);
            Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), 300);
            assertThat(ci.exit).as("npm ci failed:%n%s", ci.output).isZero();
        }
        registry = new HttpSchemaRegistry(RegistryClientConfig.of(TestRegistry.url()));
    }

    @AfterAll
    static void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldLetConfluentsJavaScriptClientReadWhatWeWrite() throws Exception {
        // Given a StudyEvent written by our serializer
        String topic = "interop.events." + UUID.randomUUID();
        StudyEvent event = SampleRecords.studyEvent();
        byte[] bytes = AvroSerdes.value(StudyEvent.class, registry).serializer().serialize(topic, event);

        // When the JavaScript client deserializes it
        JsonNode read = jsRead(topic, bytes);

        // Then every field matches
        assertSameFields(read, plainJson(event));
    }

    @Test
    void shouldLetConfluentsJavaScriptClientReadNestedFindings() throws Exception {
        String topic = "interop.findings." + UUID.randomUUID();
        StudyFindings findings = SampleRecords.studyFindings();
        byte[] bytes = AvroSerdes.value(StudyFindings.class, registry).serializer().serialize(topic, findings);

        assertSameFields(jsRead(topic, bytes), plainJson(findings));
    }

    @Test
    void shouldReadWhatConfluentsJavaScriptClientWrites() throws Exception {
        // Given a StudyEvent as JSON and its schema
        String topic = "interop.events." + UUID.randomUUID();
        StudyEvent event = StudyEvent.newBuilder(SampleRecords.studyEvent()).setRevision(413).setInstanceCount(413)
                .setAccessionNumber(null).setProcedureCode(null).setEventTime(Instant.ofEpochMilli(1_795_000_000_123L))
                .build();
        Path schema = Files.writeString(work.resolve("StudyEvent.avsc"), StudyEvent.getClassSchema().toString());
        Path value = Files.writeString(work.resolve("event.json"), JSON.writeValueAsString(plainJson(event)));
        Path out = work.resolve("event.b64");

        // When the JavaScript client registers the schema and serializes the value
        Result written = run(List.of("node", "interop.mjs", "write", TestRegistry.url(), topic,
                schema.toString(), value.toString(), out.toString()), 60);
        assertThat(written.exit).as("node interop.mjs write failed:%n%s", written.output).isZero();
        byte[] bytes = Base64.getDecoder().decode(Files.readString(out).trim());

        // Then our deserializer reads the same record, with the schema id the registry gave it
        int id = registry.lookup(topic + "-value", StudyEvent.getClassSchema()).orElseThrow();
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(AvroSerdes.value(StudyEvent.class, registry).deserializer().deserialize(topic, bytes))
                .isEqualTo(event);
    }

    private JsonNode jsRead(String topic, byte[] bytes) throws Exception {
        Path file = Files.writeString(work.resolve(topic + ".b64"), Base64.getEncoder().encodeToString(bytes));
        Result read = run(List.of("node", "interop.mjs", "read", TestRegistry.url(), topic, file.toString()), 60);
        assertThat(read.exit).as("node interop.mjs read failed:%n%s", read.output).isZero();
        return JSON.readTree(read.stdout);
    }

    /** Compares object fields one by one (and recursively), so that a mismatch names its path. */
    private static void assertSameFields(JsonNode actual, JsonNode expected) throws IOException {
        JsonNode normalisedActual = JSON.readTree(JSON.writeValueAsString(actual));
        JsonNode normalisedExpected = JSON.readTree(JSON.writeValueAsString(expected));
        compare("$", normalisedActual, normalisedExpected);
    }

    private static void compare(String path, JsonNode actual, JsonNode expected) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as("%s is an object: %s", path, actual).isTrue();
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertThat(actualNames).as("fields of %s", path).containsExactlyInAnyOrderElementsOf(names);
            for (String name : names) {
                compare(path + "." + name, actual.get(name), expected.get(name));
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("size of %s", path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", actual.get(i), expected.get(i));
            }
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber()).as("%s is a number: %s", path, actual).isTrue();
            assertThat(actual.doubleValue()).as(path).isEqualTo(expected.doubleValue());
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    /** A record as plain JSON in avsc's conventions (unions unwrapped, timestamps in millis). */
    static JsonNode plainJson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof SpecificRecord record) {
            ObjectNode node = f.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                node.set(field.name(), plainJson(record.get(field.pos())));
            }
            return node;
        }
        if (value instanceof List<?> list) {
            ArrayNode node = f.arrayNode();
            list.forEach(item -> node.add(plainJson(item)));
            return node;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = f.objectNode();
            map.forEach((k, v) -> node.set(k.toString(), plainJson(v)));
            return node;
        }
        if (value instanceof Instant instant) {
            return f.numberNode(instant.toEpochMilli());
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return f.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Enum<?> symbol) {
            return f.textNode(symbol.name());
        }
        return JSON.valueToTree(value);
    }

    private static String missingTool() {
        for (String tool : List.of("node", "npm")) {
            try {
                if (run(List.of(tool, "--version"), 30).exit != 0) {
                    return tool + " --version failed: JavaScript interop test skipped";
                }
            } catch (IOException e) {
                return tool + " is not on the PATH (" + e.getMessage() + "): JavaScript interop test skipped";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    private record Result(int exit, String stdout, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("interop-out-", ".txt");
        Path stderr = Files.createTempFile("interop-err-", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(INTEROP.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "", "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            return new Result(process.exitValue(), out, out + err);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
