package org.medmoe.app;

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
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.embedded.EmbeddedKafka;
import org.medmoe.embedded.EmbeddedRegistry;
import org.medmoe.embedded.TempFiles;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe demo}: the whole service on an embedded broker and schema registry, with the
 * bundled tiny model and sample studies written as DICOM (or a folder of the user's DICOM files).
 * Shows what became of every input, checks the answers against the samples' truth, and writes an
 * HTML report.
 */
@Command(name = "demo", description = "Run the pipeline on an embedded Kafka broker and schema registry with sample studies.")
final class DemoCommand implements Callable<Integer> {
    static final String TINY_MODEL_NOTICE = """
            NOTE: the bundled model is a tiny test model of the Med-MoE architecture, trained on synthetic
            pictures; it is not Med-MoE's weights and its answers mean nothing on real images. To run the real
            Med-MoE, export a released checkpoint with tools/export_onnx.py (see docs/model-tools.md) and pass
            --set model.dir=DIR (here, or to ./medmoe run).""";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--dicom", paramLabel = "DIR", description = "Also analyse the DICOM studies found under DIR.")
    Path dicomDir;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "medmoe-demo-report.html",
            description = "Where to write the HTML report (default ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--timeout", defaultValue = "PT3M", description = "How long to wait for the results (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep-running", description = "Keep the embedded broker, registry and service up until Ctrl-C.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("MedMoE Stream demo: embedded Kafka broker + schema registry, the real topology and model.");
        out.println(TINY_MODEL_NOTICE);
        out.flush();
        Path work = Files.createTempDirectory("medmoe-demo-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(System.out);
                EmbeddedRegistry registryProcess = EmbeddedRegistry.start(Path.of(System.getProperty(
                        EmbeddedRegistry.HOME_PROPERTY, EmbeddedRegistry.DEFAULT_HOME)), System.out,
                        Duration.ofMinutes(2))) {
            Map<String, String> settings = new HashMap<>();
            settings.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
            settings.put(ConfigKeys.REGISTRY_URL.name(), registryProcess.url());
            settings.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "medmoe-demo");
            settings.put(ConfigKeys.KAFKA_STATE_DIR.name(), work.resolve("state").toString());
            settings.put(ConfigKeys.TOPICS_PARTITIONS.name(), "1");
            settings.put(ConfigKeys.DICOMWEB_ATTEMPTS.name(), "2");
            // A free port unless --set http.port=... says otherwise: the demo must not fail on a busy 8080.
            settings.put(ConfigKeys.HTTP_PORT.name(), "0");
            settings.put(ConfigKeys.HTTP_BIND_ADDRESS.name(), "127.0.0.1");
            Config config = configOptions.load(settings);
            Path modelDir = AnalysisWiring.modelDir(config);
            List<DemoCase> cases = cases(modelDir, work.resolve("studies"), Instant.now());
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
                DemoSession session = new DemoSession(kafka.bootstrapServers(), StreamService.topicNames(config),
                        RegistryWiring.serdes(config, registry), out);
                DemoOutcomes outcomes = session.run(cases, () -> lateSeries(cases, modelDir), timeout, service);
                DemoReport demoReport = new DemoReport(cases, session.offsets(), outcomes)
                        .withLate(session.late(), session.offsets().get(cases.size()), outcomes);
                demoReport.printTable(out);
                Files.writeString(report, demoReport.html(service.modelInfo(), TINY_MODEL_NOTICE),
                        StandardCharsets.UTF_8);
                out.printf("%nHTML report: %s%n", report.toAbsolutePath());
                out.printf("Records: %s (findings), %s (triage), %s (report drafts), %s (dead letters), Avro with "
                        + "schemas in the registry at %s.%n", config.string(ConfigKeys.TOPIC_FINDINGS),
                        config.string(ConfigKeys.TOPIC_TRIAGE), config.string(ConfigKeys.TOPIC_REPORT_DRAFTS),
                        config.string(ConfigKeys.TOPIC_DEAD_LETTERS), registryProcess.url());
                if (keepRunning) {
                    out.printf("Kafka at %s; registry at %s. Ctrl-C to stop.%n", kafka.bootstrapServers(),
                            registryProcess.url());
                    out.flush();
                    Thread.currentThread().join();
                }
                out.flush();
                return demoReport.allAsExpected() && session.late() != null ? 0 : 1;
            }
        } finally {
            TempFiles.deleteRecursively(work);
        }
    }

    /** The sample studies, inputs that are wrong on purpose, and the user's folder when given. */
    private List<DemoCase> cases(Path modelDir, Path studies, Instant now) throws Exception {
        List<DemoCase> cases = new ArrayList<>();
        for (DemoStudies.Sample s : DemoStudies.write(modelDir, studies)) {
            cases.add(new DemoCase(s.description(), s.studyUid(), fileEvent(s.studyUid(), 1, s.dicomModality(),
                    s.folder(), now), null, DemoCase.Expect.FINDINGS, s, null));
        }
        DemoCase first = cases.get(0);
        cases.add(new DemoCase(first.description() + " (same event again)", first.key(), first.event(), null,
                DemoCase.Expect.DROPPED, first.sample(), null));
        DemoStudies.Sample corrupt = DemoStudies.writeCorrupt(studies, first.sample().keyImage());
        cases.add(new DemoCase(corrupt.description(), corrupt.studyUid(), fileEvent(corrupt.studyUid(), 1, "CT",
                corrupt.folder(), now), null, DemoCase.Expect.DEAD_LETTER, null, ReasonCode.DICOM_CORRUPT));
        String unreachable = DemoStudies.uid("unreachable");
        StudyEvent web = StudyEvent.newBuilder(fileEvent(unreachable, 1, "CT", studies, now))
                .setLocator(new StudyLocator(LocatorKind.DICOMWEB, "http://127.0.0.1:" + EmbeddedKafka.freePort()
                        + "/dicom-web", null)).build();
        cases.add(new DemoCase("CT on a PACS that does not answer", unreachable, web, null,
                DemoCase.Expect.DEAD_LETTER, null, ReasonCode.PACS_UNREACHABLE));
        String badUid = "1.2.826.0.1.3680043.00099x";
        cases.add(new DemoCase("event with a malformed study UID", badUid, fileEvent(badUid, 1, "CT", studies, now),
                null, DemoCase.Expect.DEAD_LETTER, null, ReasonCode.BAD_EVENT));
        cases.add(new DemoCase("JSON instead of Avro", "1.2.3.4", null,
                "{\"studyInstanceUid\":\"1.2.3.4\"}".getBytes(StandardCharsets.UTF_8), DemoCase.Expect.DEAD_LETTER,
                null, ReasonCode.UNDECODABLE_RECORD));
        if (dicomDir != null) {
            cases.addAll(DemoFiles.userStudies(dicomDir, now));
        }
        return cases;
    }

    /**
     * The late series of the first sample study: writes a second series with an abnormal image into
     * the study's folder and returns its revision 2. Called once revision 1 has been published.
     */
    private static DemoCase lateSeries(List<DemoCase> cases, Path modelDir) throws Exception {
        DemoStudies.Sample first = cases.get(0).sample();
        DemoStudies.Sample late = DemoStudies.addLateSeries(first, modelDir, "images/01-ct-left.png",
                new DemoStudies.Truth(first.truth().modality(), true, "left"));
        return new DemoCase(late.description(), late.studyUid(), fileEvent(late.studyUid(), 2, late.dicomModality(),
                late.folder(), Instant.now()), null, DemoCase.Expect.FINDINGS, late, null);
    }

    static StudyEvent fileEvent(String uid, long revision, String modality, Path folder, Instant now) {
        return StudyEvent.newBuilder()
                .setStudyInstanceUid(uid)
                .setRevision(revision)
                .setAccessionNumber(null)
                .setModalities(List.of(modality))
                .setSeriesCount((int) revision)
                .setInstanceCount((int) revision)
                .setStudyDate("20261125")
                .setLocator(new StudyLocator(LocatorKind.FILE, folder.toUri().toString(), null))
                .setSource("demo")
                .setEventTime(now)
                .build();
    }
}
