package org.medmoe.app.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.app.config.Config;
import org.medmoe.app.ops.Observability;
import org.medmoe.app.ops.OpsHttpServer;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamService;
import org.medmoe.app.service.Versions;
import org.medmoe.registry.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe run}: the service against real Kafka, schema registry and PACS, until stopped, with
 * its metrics and health on {@code http.port}. On shutdown the service stops first (readiness turns
 * 503), then the HTTP endpoint. When Kafka Streams fails (ERROR) the command returns
 * {@value #EXIT_STREAMS_FAILED} and the process exits (its shutdown hook closes the service). The
 * tools' fault drill runs it with its analysis wrapped, to plant failures in child processes.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the service against the Kafka cluster, schema registry and PACS of the configuration.")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** Exit code when Kafka Streams has failed (ERROR): the stream threads died past their replacement budget. */
    static final int EXIT_STREAMS_FAILED = 3;
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);

    private final UnaryOperator<StudyAnalysis> wrap;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--print-config", description = "Print the resolved configuration (secrets masked, as medmoe config does) and exit.")
    boolean printConfig;

    /** The service's own command. */
    RunCommand() {
        this(UnaryOperator.identity());
    }

    /** The command with the service's analysis wrapped by {@code wrap} (the drill's planted failures). */
    public RunCommand(UnaryOperator<StudyAnalysis> wrap) {
        this.wrap = wrap;
    }

    @Override
    public Integer call() throws InterruptedException {
        Config config = configOptions.load(Map.of());
        if (printConfig) {
            ConfigCommand.print(config, spec.commandLine().getOut());
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Observability observability = new Observability();
        OpsHttpServer http;
        StreamService service;
        SchemaRegistry registry = RegistryWiring.client(config);
        try {
            // The endpoint first: liveness is answered, and readiness says why not, while the model loads.
            http = OpsHttpServer.start(config, observability::scrape, observability.health());
        } catch (RuntimeException e) {
            registry.close();
            observability.close();
            throw e;
        }
        try {
            service = StreamService.start(config, RegistryWiring.serdes(config, registry), observability, wrap);
        } catch (RuntimeException e) {
            http.close();
            registry.close();
            observability.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            service.close();
            registry.close();
            http.close();
            observability.close();
            stopped.countDown();
        }, "medmoe-shutdown"));
        service.awaitRunning(Duration.ofMinutes(5));
        LOG.info("MedMoE Stream {} running", Versions.service());
        while (!stopped.await(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            if (service.isInError()) {
                // Every stream thread is gone: idling in ERROR would hold the partitions' work back
                // until someone restarts the process; exiting lets the supervisor do it now.
                LOG.error("kafka streams is {}: exiting with code {} so that the instance is restarted",
                        service.state(), EXIT_STREAMS_FAILED);
                return EXIT_STREAMS_FAILED;
            }
        }
        return 0;
    }
}
