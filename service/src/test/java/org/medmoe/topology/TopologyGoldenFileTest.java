package org.medmoe.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.medmoe.registry.InMemorySchemaRegistry;

/**
 * The topology's description and diagram are kept in {@code topology/}; a change to the topology
 * must update them (run with {@code -Dmedmoe.golden.update=true} to rewrite them), so that renamed
 * nodes, stores and topics are seen in review.
 */
class TopologyGoldenFileTest {
    private static final Path DIR = Path.of(System.getProperty("medmoe.project.dir", ".")).resolve("topology");

    @Test
    void describeMatchesTheCommittedDescription() throws IOException {
        TopologyDescription description = MedMoeTopology.build(IntakeTopologyTest.deps(new InMemorySchemaRegistry()))
                .describe();

        check(DIR.resolve("topology-description.txt"), description.toString());
        check(DIR.resolve("topology.mmd"), TopologyDiagram.mermaid(description));
    }

    @Test
    void everyStoreAndNodeHasAnExplicitName() {
        TopologyDescription description = MedMoeTopology.build(IntakeTopologyTest.deps(new InMemorySchemaRegistry()))
                .describe();

        description.subtopologies().forEach(sub -> sub.nodes().forEach(node ->
                assertThat(node.name()).as("generated names look like KSTREAM-...-0000000001")
                        .doesNotContain("KSTREAM-").doesNotContain("KTABLE-")));
    }

    private static void check(Path file, String actual) throws IOException {
        if (Boolean.getBoolean("medmoe.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        assertThat(Files.exists(file)).as("%s exists (run with -Dmedmoe.golden.update=true to create it)", file).isTrue();
        assertThat(actual).as("%s is up to date (run with -Dmedmoe.golden.update=true after a deliberate change)", file)
                .isEqualTo(Files.readString(file));
    }
}
