package org.medmoe.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.medmoe.app.config.Config;
import org.medmoe.registry.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medmoe run}: the service against real Kafka, schema registry and PACS, until stopped. */
@Command(name = "run", description = "Run the service against the Kafka cluster, schema registry and PACS of the configuration.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--print-config", description = "Print the resolved configuration (secrets masked, as medmoe config does) and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws InterruptedException {
        Config config = configOptions.load(Map.of());
        if (printConfig) {
            ConfigCommand.print(config, spec.commandLine().getOut());
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        SchemaRegistry registry = RegistryWiring.client(config);
        StreamService service = StreamService.start(config, RegistryWiring.serdes(config, registry));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            service.close();
            registry.close();
            stopped.countDown();
        }, "medmoe-shutdown"));
        service.awaitRunning(Duration.ofMinutes(5));
        LOG.info("MedMoE Stream {} running", Versions.service());
        stopped.await();
        return 0;
    }
}
