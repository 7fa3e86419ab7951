package org.medmoe.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParser;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {
    private static final Path SCHEMAS = Path.of(System.getProperty("medmoe.project.dir", ".")).resolve("schemas");
    private static final List<String> RECORDS = List.of("StudyEvent", "StudyFindings", "TriageDecision",
            "ReportDraft", "DeadLetter");

    @Test
    void everyCurrentSchemaReadsDataWrittenWithItsNewestReleasedVersion() throws IOException {
        Map<String, Schema> current = parseFolder(SCHEMAS);
        Map<String, Schema> released = parseFolder(newestRelease());

        for (String name : RECORDS) {
            Schema reader = current.get("org.medmoe.schema." + name);
            Schema writer = released.get("org.medmoe.schema." + name);
            assertThat(reader).as("current schema %s", name).isNotNull();
            assertThat(writer).as("released schema %s", name).isNotNull();
            var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            assertThat(result.getType()).as("%s is BACKWARD compatible: %s", name, result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void theCheckRejectsARequiredFieldAddedWithoutDefault() throws IOException {
        Schema writer = parseFolder(newestRelease()).get("org.medmoe.schema.StudyEvent");
        String json = writer.toString().replaceFirst("\\{\"name\":\"revision\"",
                "{\"name\":\"mandatoryNewField\",\"type\":\"string\"},{\"name\":\"revision\"");
        Schema reader = new org.apache.avro.Schema.Parser().parse(json);

        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void generatedClassesUseTheSchemasInTheSchemasFolder() throws IOException {
        Map<String, Schema> current = parseFolder(SCHEMAS);

        for (Schema generated : List.of(StudyEvent.getClassSchema(), StudyFindings.getClassSchema(),
                TriageDecision.getClassSchema(), ReportDraft.getClassSchema(), DeadLetter.getClassSchema())) {
            Schema source = current.get(generated.getFullName());
            assertThat(SchemaNormalization.toParsingForm(generated)).as(generated.getFullName())
                    .isEqualTo(SchemaNormalization.toParsingForm(source));
        }
    }

    @Test
    void everyFieldOfEverySchemaIsDocumented() throws IOException {
        for (Schema schema : parseFolder(SCHEMAS).values()) {
            assertDocumented(schema, new java.util.HashSet<>());
        }
    }

    private static void assertDocumented(Schema schema, java.util.Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                assertThat(schema.getDoc()).as("doc of record %s", schema.getFullName()).isNotBlank();
                for (Schema.Field f : schema.getFields()) {
                    assertThat(f.doc()).as("doc of %s.%s", schema.getFullName(), f.name()).isNotBlank();
                    assertDocumented(f.schema(), seen);
                }
            }
            case UNION -> schema.getTypes().forEach(t -> assertDocumented(t, seen));
            case ARRAY -> assertDocumented(schema.getElementType(), seen);
            case MAP -> assertDocumented(schema.getValueType(), seen);
            case ENUM -> assertThat(schema.getDoc()).as("doc of enum %s", schema.getFullName()).isNotBlank();
            default -> {
            }
        }
    }

    private static Path newestRelease() throws IOException {
        try (Stream<Path> dirs = Files.list(SCHEMAS.resolve("released"))) {
            return dirs.filter(Files::isDirectory)
                    .max(Comparator.comparing(SchemaCompatibilityTest::versionKey))
                    .orElseThrow(() -> new AssertionError("no released schemas under schemas/released"));
        }
    }

    private static String versionKey(Path dir) {
        StringBuilder key = new StringBuilder();
        for (String part : dir.getFileName().toString().split("\\.")) {
            key.append(String.format("%08d", Integer.parseInt(part)));
        }
        return key.toString();
    }

    /** Parses common/ first, then the top-level schemas, as the build does. */
    static Map<String, Schema> parseFolder(Path folder) throws IOException {
        SchemaParser parser = new SchemaParser();
        Map<String, Schema> out = new LinkedHashMap<>();
        for (Path dir : List.of(folder.resolve("common"), folder)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                    Schema s = parser.parse(f).mainSchema();
                    out.put(s.getFullName(), s);
                }
            }
        }
        return out;
    }
}
