package org.medmoe.app.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.Topology;
import org.medmoe.app.config.Config;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamService;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.topology.TopologyDiagram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medmoe topology}: prints the Kafka Streams topology the configuration runs. */
@Command(name = "topology", mixinStandardHelpOptions = true, description = "Print the topology description (or a Mermaid diagram of it).")
final class TopologyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--mermaid", description = "Print a Mermaid flowchart instead of the text description.")
    boolean mermaid;

    @Override
    public Integer call() {
        Config config = configOptions.load(Map.of());
        // Describing the topology contacts no registry: serdes are only constructed.
        try (InMemorySchemaRegistry registry = new InMemorySchemaRegistry()) {
            Topology topology = StreamService.topology(config, RegistryWiring.serdes(config, registry), (event, last) -> {
                throw new IllegalStateException("describe only");
            });
            spec.commandLine().getOut().print(mermaid ? TopologyDiagram.mermaid(topology.describe())
                    : topology.describe().toString());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
