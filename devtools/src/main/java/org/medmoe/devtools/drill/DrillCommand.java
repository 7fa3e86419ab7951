package org.medmoe.devtools.drill;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamService;
import org.medmoe.app.service.StreamsProperties;
import org.medmoe.devtools.embedded.EmbeddedKafka;
import org.medmoe.devtools.embedded.EmbeddedRegistry;
import org.medmoe.registry.SchemaRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe drill}: a KRaft cluster of {@code --brokers} nodes (each a child JVM, replication
 * factor 3, {@code min.insync.replicas} 2; or one broker in this JVM), the schema registry and a PACS
 * (Orthanc holding the drill's studies, {@link DrillPacs}) on loopback, N service instances as child
 * processes with the same application id, study revisions (late series among them) fed at a steady
 * rate while faults are made: a random instance is killed with SIGKILL and restarted every few seconds
 * ({@link InstanceFaults}, which also restarts an instance that ended by itself), one broker is killed
 * halfway and restarted ({@link BrokerFault}), the registry and later the PACS are stopped for a while
 * ({@link ProcessPause}), two planted poison revisions make the analysis throw and halt the process
 * ({@link PoisonPlant}), and a few revisions are announced on a PACS that sends its bytes slower than
 * the read timeout ({@link SlowLink}). Then every output topic is read (read_committed) and each
 * revision fed must have exactly one findings, triage and draft, or one dead letter, the planted ones
 * with their reasons. One line per fault with its recovery time, a last line with the figures; exit 1
 * when anything was lost, duplicated or ended wrong.
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

    @Option(names = "--kill-every", paramLabel = "SECONDS", description = "Seconds between instance kills, each of"
            + " a random instance that has logged an outcome since its last start; 0: none"
            + " (default ${DEFAULT-VALUE}).")
    double killEvery = 10;

    @Option(names = "--brokers", description = "Kafka nodes (KRaft, broker and controller in one), each a child JVM;"
            + " 1: one broker inside this JVM, never killed (default ${DEFAULT-VALUE}).")
    int brokers = 3;

    @Option(names = "--broker-down", paramLabel = "SECONDS", description = "With several brokers: halfway through the"
            + " feed one is killed with SIGKILL and restarted this many seconds later; 0: none (default ${DEFAULT-VALUE}).")
    double brokerDown = 20;

    @Option(names = "--registry-down", paramLabel = "SECONDS", description = "A fifth of the way through the feed the"
            + " schema registry is stopped (SIGSTOP) for this many seconds; 0: never (default ${DEFAULT-VALUE}).")
    double registryDown = 60;

    @Option(names = "--pacs-down", paramLabel = "SECONDS", description = "Seven tenths of the way through the feed"
            + " the PACS (Orthanc) is stopped (SIGSTOP) for this many seconds; 0: never (default ${DEFAULT-VALUE}).")
    double pacsDown = 60;

    @Option(names = "--slow-pacs", paramLabel = "N", description = "Revisions announced on a slow PACS (Orthanc behind"
            + " a link that sends one body byte per read timeout and 2 s), four fifths of the way through the feed;"
            + " each must end as one dead letter TIMEOUT (default ${DEFAULT-VALUE}).")
    int slowPacs = 2;

    @Option(names = "--no-poison", description = "Plant no poison revisions; by default two are planted a third of the"
            + " way through the feed: one whose analysis throws, one whose analysis halts the process.")
    boolean noPoison;

    @Option(names = "--dir", description = "Working folder (default: a new temporary one).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("medmoe-drill-");
        if (brokers < 1 || instances < 1 || studies < 3 || rate <= 0 || killEvery < 0 || brokerDown < 0
                || registryDown < 0 || pacsDown < 0 || slowPacs < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--brokers, --instances and --rate take"
                    + " positive numbers, --studies 3 or more, --kill-every, --broker-down, --registry-down,"
                    + " --pacs-down and --slow-pacs zero or more");
        }
        try (Brokers kafka = brokers == 1 ? new Brokers(EmbeddedKafka.start(System.err), null)
                : new Brokers(null, DrillCluster.start(brokers, work.resolve("kafka"), System.err));
                EmbeddedRegistry registryProcess = EmbeddedRegistry.start(System.err)) {
            Map<String, String> settings = settings(kafka.bootstrapServers(), registryProcess,
                    UUID.randomUUID().toString().substring(0, 8));
            Config config = Config.of(settings);
            createTopics(config);
            List<DrillFeeder.Fed> planned = DrillPlan.events(config, work, studies);
            PoisonPlant plant = !noPoison ? DrillPlan.plant(planned) : new PoisonPlant(null, null);
            Set<DrillCheck.Revision> slow = DrillPlan.slow(planned, slowPacs, plant);
            try (DrillPacs pacs = DrillPacs.start(work.resolve("studies"),
                    config.longValue(ConfigKeys.DICOMWEB_READ_TIMEOUT_MS) + 2000, System.err)) {
                settings.put(ConfigKeys.DICOMWEB_ENDPOINTS.name(), "pacs,slow");
                settings.put("dicomweb.endpoint.pacs.url", pacs.url().toString());
                settings.put("dicomweb.endpoint.slow.url", pacs.slowUrl().toString());
                List<DrillFeeder.Fed> events = DrillPlan.onPacs(planned, pacs.url(), pacs.slowUrl(), slow);
                return run(out, work, kafka, registryProcess, pacs, settings, events, plant, slow);
            }
        }
    }

    private int run(PrintWriter out, Path work, Brokers kafka, EmbeddedRegistry registryProcess, DrillPacs pacs,
            Map<String, String> settings, List<DrillFeeder.Fed> events, PoisonPlant plant,
            Set<DrillCheck.Revision> slow) throws Exception {
        Config config = Config.of(settings);
        List<DrillInstance> running = new ArrayList<>();
        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            for (int i = 1; i <= instances; i++) {
                DrillInstance instance = new DrillInstance(i, work.resolve("instance-" + i), settings, plant);
                instance.start();
                running.add(instance);
            }
            DrillFeeder feeder = DrillFeeder.start(config, registry, events, rate);
            double feedSeconds = studies / rate;
            BrokerFault brokerFault = kafka.cluster() != null && brokerDown > 0
                    ? BrokerFault.start(kafka.cluster(), config, feedSeconds / 2, brokerDown, out) : null;
            ProcessPause registryFault = registryDown > 0 ? ProcessPause.start("schema registry",
                    registryProcess.pid(), URI.create(registryProcess.url() + "/subjects"), feedSeconds / 5,
                    registryDown, out) : null;
            ProcessPause pacsFault = pacsDown > 0 ? ProcessPause.start("PACS", pacs.pid(), pacs.probe(),
                    feedSeconds * 0.7, pacsDown, out) : null;
            BooleanSupplier peerStopped = () -> registryFault != null && registryFault.isStopped()
                    || pacsFault != null && pacsFault.isStopped();
            InstanceFaults faults = InstanceFaults.start(running, killEvery, () -> !feeder.isDone(), peerStopped, out);
            feeder.await();
            int brokerKills = brokerFault == null ? 0 : brokerFault.await();
            boolean registryStopped = registryFault != null && registryFault.await();
            boolean pacsStopped = pacsFault != null && pacsFault.await();
            DrillCheck check = DrillVerdict.await(config, registry, feeder.fed(),
                    DrillPlan.expectedLetters(plant, slow), Duration.ofSeconds(90), Duration.ofMinutes(15));
            if (check.lost() > 0) {
                out.println("lost, among others: " + check.someLost());
            }
            faults.stop();
            // Every death counts, a SIGKILL in its analysis included: past the limit it is never analysed again.
            int haltLimit = config.integer(ConfigKeys.ERRORS_POISON_RECORD_DEATHS);
            boolean haltsWithin = plant.halting() == null || faults.halts() <= haltLimit;
            if (!haltsWithin) {
                out.printf("the halting revision took its process down %d times, more than errors.poison.record.deaths"
                        + " (%d)%n", faults.halts(), haltLimit);
            }
            out.println(summary(check, faults, brokerKills, registryStopped, pacsStopped, slow.size(),
                    DrillVerdict.throughput(config, registry)));
            out.flush();
            return check.passed() && haltsWithin ? 0 : 1;
        } finally {
            running.forEach(DrillInstance::close);
        }
    }

    /** The last line: the faults made and the verdict. */
    private String summary(DrillCheck check, InstanceFaults faults, int brokerKills, boolean registryStopped,
            boolean pacsStopped, int slow, String throughput) {
        return String.format(Locale.ROOT, "drill: %d revisions, %d instances, %d instance kills, %d instance deaths,"
                + " %d brokers, %d broker kills, registry down %s, PACS down %s, slow PACS %d: lost %d, duplicated %d,"
                + " dead letters %d (%d planted, %d wrong; others %s), unexpected %d, failover %s, throughput %s",
                check.fed(), instances, faults.kills(), faults.deaths(), brokers, brokerKills,
                registryStopped ? Math.round(registryDown) + " s" : "never",
                pacsStopped ? Math.round(pacsDown) + " s" : "never", slow, check.lost(), check.duplicated(),
                check.deadLetters(), check.planted(), check.wrong(), check.otherLetters(), check.unexpected(),
                DrillVerdict.figures(faults.failovers()), throughput);
    }

    private Map<String, String> settings(String bootstrapServers, EmbeddedRegistry registry, String run) {
        Map<String, String> s = new HashMap<>();
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrapServers);
        s.put(ConfigKeys.REGISTRY_URL.name(), registry.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "medmoe-drill-" + run);
        s.put(ConfigKeys.KAFKA_STREAM_THREADS.name(), "1");
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), Integer.toString(Math.max(3, 2 * instances)));
        s.put(ConfigKeys.MODEL_INTRA_OP_THREADS.name(), "1");
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
