package org.medmoe.devtools.drill;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamService;
import org.medmoe.app.service.StreamsProperties;
import org.medmoe.devtools.embedded.EmbeddedKafka;
import org.medmoe.devtools.embedded.EmbeddedRegistry;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe drill}: a KRaft cluster of {@code --brokers} nodes (each a child JVM, replication
 * factor 3, {@code min.insync.replicas} 2; or one broker in this JVM) and the schema registry on
 * loopback, N service instances as child processes with the same application id, study events fed at
 * a steady rate while a random instance is killed with SIGKILL and restarted every few seconds and,
 * halfway through, one broker is killed with SIGKILL and restarted ({@link BrokerFault}); then every
 * output topic is read (read_committed) and each revision fed must have exactly one findings, triage
 * and draft, or one dead letter. One line per fault with its recovery time, a last line with the
 * figures; exit 1 when anything was lost or duplicated. Not yet: registry and PACS outages, poison
 * records.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Kill service instances with SIGKILL while studies flow, then check that nothing was lost or duplicated.")
public final class DrillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--instances", description = "Service instances with the same application id (default ${DEFAULT-VALUE}).")
    int instances = 3;

    @Option(names = "--studies", description = "Study revisions fed (default ${DEFAULT-VALUE}).")
    int studies = 2000;

    @Option(names = "--rate", description = "Study events fed per second (default ${DEFAULT-VALUE}).")
    double rate = 10;

    @Option(names = "--kill-every", paramLabel = "SECONDS", description = "Seconds between instance kills (default ${DEFAULT-VALUE}).")
    double killEvery = 10;

    @Option(names = "--brokers", description = "Kafka nodes (KRaft, broker and controller in one), each a child JVM;"
            + " 1: one broker inside this JVM, never killed (default ${DEFAULT-VALUE}).")
    int brokers = 3;

    @Option(names = "--broker-down", paramLabel = "SECONDS", description = "With several brokers: halfway through the"
            + " feed one is killed with SIGKILL and restarted this many seconds later; 0: none (default ${DEFAULT-VALUE}).")
    double brokerDown = 20;

    @Option(names = "--dir", description = "Working folder (default: a new temporary one).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("medmoe-drill-");
        if (brokers < 1 || instances < 1 || studies < 1 || rate <= 0 || killEvery <= 0 || brokerDown < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--brokers, --instances, --studies, --rate and"
                    + " --kill-every take positive numbers, --broker-down zero or more");
        }
        try (Brokers kafka = brokers == 1 ? new Brokers(EmbeddedKafka.start(System.err), null)
                : new Brokers(null, DrillCluster.start(brokers, work.resolve("kafka"), System.err));
                EmbeddedRegistry registryProcess = EmbeddedRegistry.start(System.err)) {
            Map<String, String> settings = settings(kafka.bootstrapServers(), registryProcess,
                    UUID.randomUUID().toString().substring(0, 8), work);
            Config config = Config.of(settings);
            createTopics(config);
            List<DrillFeeder.Fed> events = plan(config, work);
            List<DrillInstance> running = new ArrayList<>();
            try (SchemaRegistry registry = RegistryWiring.client(config)) {
                for (int i = 1; i <= instances; i++) {
                    DrillInstance instance = new DrillInstance(i, work.resolve("instance-" + i), settings);
                    instance.start();
                    running.add(instance);
                }
                DrillFeeder feeder = DrillFeeder.start(config, registry, events, rate);
                BrokerFault brokerFault = kafka.cluster() != null && brokerDown > 0
                        ? BrokerFault.start(kafka.cluster(), config, studies / rate / 2, brokerDown, out) : null;
                int[] kills = new int[1];
                List<Double> failovers = killWhileFeeding(running, feeder, out, kills);
                int brokerKills = brokerFault == null ? 0 : brokerFault.await();
                DrillCheck check = DrillVerdict.await(config, registry, feeder.fed(), Duration.ofMinutes(3));
                out.printf("drill: %d revisions, %d instances, %d instance kills, %d brokers, %d broker kills:"
                        + " lost %d, duplicated %d, dead letters %d, unexpected %d, failover %s%n", check.fed(),
                        instances, kills[0], brokers, brokerKills, check.lost(), check.duplicated(), check.deadLetters(),
                        check.unexpected(), DrillVerdict.figures(failovers));
                out.flush();
                return check.passed() ? 0 : 1;
            } finally {
                running.forEach(DrillInstance::close);
            }
        }
    }

    /** Kills and restarts a random instance every {@code --kill-every} seconds while events are fed; counts in {@code kills[0]}. */
    private List<Double> killWhileFeeding(List<DrillInstance> running, DrillFeeder feeder, PrintWriter out,
            int[] kills) throws InterruptedException {
        Random random = new Random(1);
        List<Double> failovers = new ArrayList<>();
        while (!feeder.isDone()) {
            Thread.sleep(Math.round(killEvery * 1000));
            if (feeder.isDone()) {
                break;
            }
            DrillInstance victim = running.get(random.nextInt(running.size()));
            victim.kill();
            long restarted = System.nanoTime();
            victim.start();
            kills[0]++;
            // Its first outcome says it is back; only events still being fed can give it one.
            long deadline = restarted + Duration.ofSeconds(120).toNanos();
            while (!victim.hasProcessed() && System.nanoTime() < deadline && victim.isAlive() && !feeder.isDone()) {
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - restarted) / 1e9;
            if (victim.hasProcessed()) {
                failovers.add(seconds);
                out.printf("kill -9 instance %d: restarted, first outcome after %.1f s%n", victim.number(), seconds);
            } else {
                out.printf("kill -9 instance %d: restarted, no outcome of its own within %.1f s (log %s)%n",
                        victim.number(), seconds, victim.log());
            }
            out.flush();
        }
        return failovers;
    }

    private Map<String, String> settings(String bootstrapServers, EmbeddedRegistry registry, String run, Path work) {
        Map<String, String> s = new HashMap<>();
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrapServers);
        s.put(ConfigKeys.REGISTRY_URL.name(), registry.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "medmoe-drill-" + run);
        s.put(ConfigKeys.KAFKA_STREAM_THREADS.name(), "1");
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), Integer.toString(Math.max(3, 2 * instances)));
        s.put(ConfigKeys.MODEL_INTRA_OP_THREADS.name(), "1");
        // The sample studies are files under the work folder: the only folder the instances may read.
        s.put(ConfigKeys.ANALYSIS_FILE_ROOTS.name(), work.toString());
        return s;
    }

    private void createTopics(Config config) throws Exception {
        try (Admin admin = Admin.create(StreamsProperties.client(config))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : StreamService.topicNames(config).all()) {
                topics.add(new NewTopic(name, config.integer(ConfigKeys.TOPICS_PARTITIONS), (short) Math.min(3, brokers)));
            }
            admin.createTopics(topics).all().get();
        }
    }

    /** The events to feed: sample studies written under {@code work}, as many copies as needed. */
    private List<DrillFeeder.Fed> plan(Config config, Path work) throws Exception {
        List<DrillFeeder.Fed> out = new ArrayList<>();
        Instant now = Instant.now();
        for (int copy = 0; out.size() < studies; copy++) {
            for (SampleStudies.Sample s : SampleStudies.write(AnalysisWiring.modelDir(config),
                    work.resolve("studies").resolve("copy-" + copy), "drill-" + copy + "-")) {
                if (out.size() < studies) {
                    StudyEvent event = SampleEvents.of(s, now);
                    out.add(new DrillFeeder.Fed(event, new DrillCheck.Revision(s.studyUid(), s.revision())));
                }
            }
        }
        return out;
    }

    /** The drill's Kafka: one broker in this JVM, or a cluster of child JVMs. */
    private record Brokers(EmbeddedKafka single, DrillCluster cluster) implements AutoCloseable {
        String bootstrapServers() {
            return single != null ? single.bootstrapServers() : cluster.bootstrapServers();
        }

        @Override
        public void close() {
            if (single != null) {
                single.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
