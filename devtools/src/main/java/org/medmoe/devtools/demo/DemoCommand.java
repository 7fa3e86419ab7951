package org.medmoe.devtools.demo;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medmoe.app.cli.ConfigOptions;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.config.EndpointKeys;
import org.medmoe.app.ops.Observability;
import org.medmoe.app.ops.OpsHttpServer;
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamService;
import org.medmoe.devtools.embedded.EmbeddedKafka;
import org.medmoe.devtools.embedded.EmbeddedRegistry;
import org.medmoe.devtools.embedded.TempFiles;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe demo}: the whole service on an embedded broker and schema registry, with the
 * bundled tiny model and sample studies written as DICOM (or a folder of the user's DICOM files).
 * Shows what became of every input, checks the answers against the samples' truth, and writes an
 * HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the pipeline on an embedded Kafka broker and schema registry with sample studies.")
public final class DemoCommand implements Callable<Integer> {
    static final String TINY_MODEL_NOTICE = """
            NOTE: the bundled model is a tiny test model of the Med-MoE architecture, trained on synthetic
            pictures; it is not Med-MoE's weights and its answers mean nothing on real images. To run the real
            Med-MoE, export a released checkpoint with tools/export_onnx.py (see docs/model-tools.md) and pass
            --set model.dir=DIR (here, or to ./medmoe run).""";

    /** Stand-ins for the embedded broker and registry while the options are checked, before they start. */
    private static final String PLACEHOLDER_KAFKA = "127.0.0.1:9092";
    private static final String PLACEHOLDER_REGISTRY = "http://127.0.0.1:8081";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--dicom", paramLabel = "DIR", description = "Also analyse the DICOM studies found under DIR.")
    Path dicomDir;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "medmoe-demo-report.html",
            description = "Where to write the HTML report (default ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--timeout", defaultValue = "PT3M", description = "How long to wait for the results: milliseconds, 90s, 3m or ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep-running", description = "Keep the embedded broker, registry and service up until Ctrl-C.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Everything the user gave is checked before the broker and the registry start.
        List<DemoCase> userCases = checkInputs();
        Path modelDir = AnalysisWiring.modelDir(configOptions.load(settings(PLACEHOLDER_KAFKA, PLACEHOLDER_REGISTRY,
                Path.of("state"), 1)));
        out.println("MedMoE Stream demo: embedded Kafka broker + schema registry, the real topology and model.");
        out.println(TINY_MODEL_NOTICE);
        out.flush();
        Path work = Files.createTempDirectory("medmoe-demo-");
        Thread cleanUp = new Thread(() -> TempFiles.deleteRecursively(work), "medmoe-demo-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(System.out);
                EmbeddedRegistry registryProcess = EmbeddedRegistry.start(Path.of(System.getProperty(
                        EmbeddedRegistry.HOME_PROPERTY, EmbeddedRegistry.DEFAULT_HOME)), System.out,
                        Duration.ofMinutes(2))) {
            int silentPacs = EmbeddedKafka.freePort();
            Config config = configOptions.load(settings(kafka.bootstrapServers(), registryProcess.url(), work,
                    silentPacs));
            List<DemoCase> cases = cases(modelDir, work.resolve("studies"), Instant.now(), silentPacs);
            cases.addAll(userCases);
            return runService(config, cases, modelDir, registryProcess.url(), out);
        } finally {
            TempFiles.deleteRecursively(work);
            removeHook(cleanUp);
        }
    }

    /** The user's options: a DICOM folder that holds studies, a positive timeout, a report in an existing folder. */
    private List<DemoCase> checkInputs() throws java.io.IOException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be longer than zero, got " + timeout);
        }
        Path reportFolder = report.toAbsolutePath().getParent();
        if (reportFolder != null && !Files.isDirectory(reportFolder)) {
            throw new ParameterException(spec.commandLine(), "--report " + report + ": no such folder " + reportFolder);
        }
        if (dicomDir == null) {
            return List.of();
        }
        if (!Files.isDirectory(dicomDir)) {
            throw new ParameterException(spec.commandLine(), "--dicom " + dicomDir + ": no such folder");
        }
        List<DemoCase> studies = DemoFiles.userStudies(dicomDir, Instant.now());
        if (studies.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--dicom " + dicomDir
                    + ": no DICOM study found there (files that are not DICOM, or have no study UID, are skipped)");
        }
        return studies;
    }

    /** The service on the embedded stack, the inputs through it, the table and the report. */
    private int runService(Config config, List<DemoCase> cases, Path modelDir, String registryUrl, PrintWriter out)
            throws Exception {
        try (Observability observability = new Observability();
                OpsHttpServer http = OpsHttpServer.start(config, observability::scrape, observability.health());
                SchemaRegistry registry = RegistryWiring.client(config);
                StreamService service = StreamService.start(config, RegistryWiring.serdes(config, registry),
                        observability)) {
            out.printf("model: %s %s on %s%n", service.modelInfo().name(), service.modelInfo().version(),
                    service.modelInfo().executionProvider());
            out.printf("metrics and health: http://%s:%d%s, %s, %s%n", config.string(ConfigKeys.HTTP_BIND_ADDRESS),
                    http.port(), OpsHttpServer.METRICS, OpsHttpServer.LIVE, OpsHttpServer.READY);
            out.println("service: starting Kafka Streams (exactly-once) ...");
            out.flush();
            service.awaitRunning(Duration.ofMinutes(1));
            out.println("service: RUNNING");
            String bootstrap = config.string(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS);
            DemoSession session = new DemoSession(bootstrap, StreamService.topicNames(config),
                    RegistryWiring.serdes(config, registry), out);
            DemoOutcomes outcomes = session.run(cases, () -> lateSeries(cases, modelDir), timeout, service);
            DemoReport demoReport = new DemoReport(cases, session.offsets(), outcomes)
                    .withLate(session.late(), session.offsets().get(cases.size()), outcomes);
            demoReport.printTable(out);
            Files.writeString(report, demoReport.html(service.modelInfo(), TINY_MODEL_NOTICE), StandardCharsets.UTF_8);
            out.printf("%nHTML report: %s%n", report.toAbsolutePath());
            out.printf("Records: %s (findings), %s (triage), %s (report drafts), %s (dead letters), Avro with "
                    + "schemas in the registry at %s.%n", config.string(ConfigKeys.TOPIC_FINDINGS),
                    config.string(ConfigKeys.TOPIC_TRIAGE), config.string(ConfigKeys.TOPIC_REPORT_DRAFTS),
                    config.string(ConfigKeys.TOPIC_DEAD_LETTERS), registryUrl);
            if (keepRunning) {
                printConnectionSettings(out, bootstrap, registryUrl, config);
                Thread.currentThread().join();
            }
            out.flush();
            return demoReport.allAsExpected() && session.late() != null ? 0 : 1;
        }
    }

    /** What {@code dead-letters} and any other client need to reach the demo's broker and registry. */
    static void printConnectionSettings(PrintWriter out, String bootstrap, String registryUrl, Config config) {
        out.printf("Kafka at %s; registry at %s. Ctrl-C stops everything and removes the demo's temporary folder.%n",
                bootstrap, registryUrl);
        out.printf("From another terminal, e.g.:%n  ./medmoe dead-letters list --set %s=%s --set %s=%s --set %s=%s%n",
                ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrap, ConfigKeys.REGISTRY_URL.name(), registryUrl,
                ConfigKeys.TOPIC_DEAD_LETTERS.name(), config.string(ConfigKeys.TOPIC_DEAD_LETTERS));
        out.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    /**
     * The demo's own settings, below the command line's: the embedded stack, one partition, a free HTTP
     * port, its study folders as the file roots, and one trusted DICOMweb endpoint that does not answer.
     */
    private Map<String, String> settings(String bootstrap, String registryUrl, Path work, int silentPacs) {
        Map<String, String> settings = new HashMap<>();
        settings.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrap);
        settings.put(ConfigKeys.REGISTRY_URL.name(), registryUrl);
        settings.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "medmoe-demo");
        settings.put(ConfigKeys.KAFKA_STATE_DIR.name(), work.resolve("state").toString());
        settings.put(ConfigKeys.TOPICS_PARTITIONS.name(), "1");
        settings.put(ConfigKeys.DICOMWEB_ATTEMPTS.name(), "2");
        // A free port unless --set http.port=... says otherwise: the demo must not fail on a busy 8080.
        settings.put(ConfigKeys.HTTP_PORT.name(), "0");
        settings.put(ConfigKeys.HTTP_BIND_ADDRESS.name(), "127.0.0.1");
        settings.put(ConfigKeys.ANALYSIS_FILE_ROOTS.name(), work.toString()
                + (dicomDir == null ? "" : "," + dicomDir.toAbsolutePath()));
        settings.put(ConfigKeys.DICOMWEB_ENDPOINTS.name(), "silent-pacs");
        settings.put(EndpointKeys.of("silent-pacs").url().name(), "http://127.0.0.1:" + silentPacs + "/dicom-web");
        return settings;
    }

    /** The sample studies, inputs that are wrong on purpose, and the user's folder when given. */
    private List<DemoCase> cases(Path modelDir, Path studies, Instant now, int silentPacs) throws Exception {
        List<DemoCase> cases = new ArrayList<>();
        for (SampleStudies.Sample s : SampleStudies.write(modelDir, studies)) {
            cases.add(new DemoCase(s.description(), s.studyUid(), SampleEvents.fileEvent(s.studyUid(), 1, s.dicomModality(),
                    s.folder(), now), null, DemoCase.Expect.FINDINGS, s, null));
        }
        DemoCase first = cases.get(0);
        cases.add(new DemoCase(first.description() + " (same event again)", first.key(), first.event(), null,
                DemoCase.Expect.DROPPED, first.sample(), null));
        SampleStudies.Sample corrupt = SampleStudies.writeCorrupt(studies, first.sample().keyImage());
        cases.add(new DemoCase(corrupt.description(), corrupt.studyUid(), SampleEvents.fileEvent(corrupt.studyUid(), 1, "CT",
                corrupt.folder(), now), null, DemoCase.Expect.DEAD_LETTER, null, ReasonCode.DICOM_CORRUPT));
        String unreachable = SampleStudies.uid("unreachable");
        StudyEvent web = StudyEvent.newBuilder(SampleEvents.fileEvent(unreachable, 1, "CT", studies, now))
                .setLocator(new StudyLocator(LocatorKind.DICOMWEB, "http://127.0.0.1:" + silentPacs
                        + "/dicom-web", null)).build();
        cases.add(new DemoCase("CT on a PACS that does not answer", unreachable, web, null,
                DemoCase.Expect.DEAD_LETTER, null, ReasonCode.PACS_UNREACHABLE));
        String untrusted = SampleStudies.uid("untrusted");
        StudyEvent elsewhere = StudyEvent.newBuilder(SampleEvents.fileEvent(untrusted, 1, "CT", studies, now))
                .setLocator(new StudyLocator(LocatorKind.DICOMWEB, "http://127.0.0.1:" + EmbeddedKafka.freePort()
                        + "/dicom-web", null)).build();
        cases.add(new DemoCase("CT on an untrusted host", untrusted, elsewhere, null,
                DemoCase.Expect.DEAD_LETTER, null, ReasonCode.UNTRUSTED_LOCATOR));
        String badUid = "1.2.826.0.1.3680043.00099x";
        cases.add(new DemoCase("event with a malformed study UID", badUid, SampleEvents.fileEvent(badUid, 1, "CT", studies, now),
                null, DemoCase.Expect.DEAD_LETTER, null, ReasonCode.BAD_EVENT));
        cases.add(new DemoCase("JSON instead of Avro", "1.2.3.4", null,
                "{\"studyInstanceUid\":\"1.2.3.4\"}".getBytes(StandardCharsets.UTF_8), DemoCase.Expect.DEAD_LETTER,
                null, ReasonCode.UNDECODABLE_RECORD));
        return cases;
    }

    /**
     * The late series of the first sample study: writes a second series with an abnormal image into
     * the study's folder and returns its revision 2. Called once revision 1 has been published.
     */
    private static DemoCase lateSeries(List<DemoCase> cases, Path modelDir) throws Exception {
        SampleStudies.Sample first = cases.get(0).sample();
        SampleStudies.Sample late = SampleStudies.addLateSeries(first, modelDir, "images/01-ct-left.png",
                new SampleStudies.Truth(first.truth().modality(), true, "left"));
        return new DemoCase(late.description(), late.studyUid(), SampleEvents.fileEvent(late.studyUid(), 2, late.dicomModality(),
                late.folder(), Instant.now()), null, DemoCase.Expect.FINDINGS, late, null);
    }
}
