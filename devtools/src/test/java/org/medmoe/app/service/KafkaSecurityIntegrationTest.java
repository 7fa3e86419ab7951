package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.config.EndpointKeys;
import org.medmoe.app.config.ConfigLoader;
import org.medmoe.devtools.embedded.BrokerTls;
import org.medmoe.devtools.embedded.EmbeddedKafka;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.model.TinyModel;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.testing.tls.TestCertificates;
import org.slf4j.LoggerFactory;

/**
 * The service on a broker that speaks TLS (SSL) and SASL/PLAIN over TLS (SASL_SSL), with a CA,
 * broker certificate and truststore made by the test: a study goes through end to end, secrets
 * never reach the log, and a client that does not trust the broker or has the wrong password gets
 * an error that says what to set.
 */
@Tag("integration")
class KafkaSecurityIntegrationTest {
    private static final String SASL_USER = "medmoe";
    private static final String SASL_PASSWORD = "plain-pass-5";
    private static final String DICOMWEB_TOKEN = "bearer-token-6";
    private static final Path MODEL = TinyModel.dir();

    @TempDir
    static Path dir;

    private static TestCertificates certificates;
    private static EmbeddedKafka kafka;
    private static List<SampleStudies.Sample> samples;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        certificates = TestCertificates.create(dir);
        kafka = EmbeddedKafka.start(new PrintStream(OutputStream.nullOutputStream()), new BrokerTls(
                certificates.serverKeystore(), certificates.serverPassword(), Map.of(SASL_USER, SASL_PASSWORD)));
        samples = SampleStudies.write(MODEL, dir.resolve("studies"));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldAnalyseAStudyOverTlsWithTheTruststorePasswordFromAFileAndLogNoSecret() throws Exception {
        // Given TLS settings with the truststore password in a secret file, and a captured log
        Path passwordFile = dir.resolve("truststore-password");
        Files.writeString(passwordFile, certificates.truststorePassword() + "\n");
        Map<String, String> env = Map.of("MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE", passwordFile.toString(),
                "MEDMOE_DICOMWEB_ENDPOINT_PACS_AUTH_TOKEN", DICOMWEB_TOKEN);
        Config config = config("SSL", kafka.sslBootstrapServers(), env);
        List<ILoggingEvent> log;
        StudyFindings findings;
        try (LogCapture capture = new LogCapture()) {
            // When the service runs over the SSL listener and a study arrives
            findings = analyseOneStudy(config, samples.get(0));
            log = capture.events();
        }
        // Then its findings come out, and the start-up log shows the secrets masked only
        assertThat(findings.getStudyInstanceUid()).isEqualTo(samples.get(0).studyUid());
        assertThat(samples.get(0).truth().wrong(findings)).isEmpty();
        List<String> lines = log.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("config kafka.ssl.truststore.password = ******"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("ssl.truststore.password = [hidden]"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).containsAnyOf(certificates.truststorePassword(),
                DICOMWEB_TOKEN, certificates.serverPassword()));
    }

    @Test
    void shouldAnalyseAStudyOverSaslPlainOnTls() throws Exception {
        // Given SASL/PLAIN credentials in the environment
        Map<String, String> env = Map.of("MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD", certificates.truststorePassword(),
                "MEDMOE_KAFKA_SASL_JAAS_CONFIG", jaas(SASL_PASSWORD));
        Config config = config("SASL_SSL", kafka.saslSslBootstrapServers(), Map.of(
                ConfigKeys.KAFKA_SASL_MECHANISM.name(), "PLAIN"), env);
        // When the service runs over the SASL_SSL listener
        StudyFindings findings = analyseOneStudy(config, samples.get(1));
        // Then the study is analysed
        assertThat(findings.getStudyInstanceUid()).isEqualTo(samples.get(1).studyUid());
        assertThat(samples.get(1).truth().wrong(findings)).isEmpty();
    }

    @Test
    void shouldSayToSetTheTruststoreWhenTheBrokerIsNotTrusted() {
        Config config = config("SSL", kafka.sslBootstrapServers(), Map.of());

        ServiceStartException e = startFailure(config);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(kafka.sslBootstrapServers(), "TLS handshake with the broker failed",
                "kafka.ssl.truststore.location");
    }

    @Test
    void shouldSayToCheckTheCredentialsWhenSaslAuthenticationFails() {
        Map<String, String> env = Map.of("MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD", certificates.truststorePassword(),
                "MEDMOE_KAFKA_SASL_JAAS_CONFIG", jaas("wrong-password"));
        Config config = config("SASL_SSL", kafka.saslSslBootstrapServers(), Map.of(
                ConfigKeys.KAFKA_SASL_MECHANISM.name(), "PLAIN"), env);

        ServiceStartException e = startFailure(config);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("SASL authentication failed", "MEDMOE_KAFKA_SASL_JAAS_CONFIG")
                .doesNotContain("wrong-password");
    }

    private static ServiceStartException startFailure(Config config) {
        try (InMemorySchemaRegistry registry = new InMemorySchemaRegistry()) {
            return catchThrowableOfType(ServiceStartException.class,
                    () -> StreamService.start(config, RegistryWiring.serdes(config, registry)).close());
        }
    }

    /** Runs the service, sends one event for {@code sample} and returns its findings. */
    private static StudyFindings analyseOneStudy(Config config, SampleStudies.Sample sample) throws Exception {
        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            var serdes = RegistryWiring.serdes(config, registry);
            String events = config.string(ConfigKeys.TOPIC_STUDY_EVENTS);
            String findingsTopic = config.string(ConfigKeys.TOPIC_FINDINGS);
            try (StreamService service = StreamService.start(config, serdes)) {
                service.awaitRunning(Duration.ofSeconds(60));
                StudyEvent event = SampleEvents.fileEvent(sample.studyUid(), 1, sample.dicomModality(), sample.folder(),
                        Instant.now());
                KafkaTestClients.produce(StreamsProperties.client(config), List.of(new ProducerRecord<>(events,
                        sample.studyUid(), serdes.valueSerde(StudyEvent.class).serializer().serialize(events, event))));
                List<ConsumerRecord<String, byte[]>> out = KafkaTestClients.readCommitted(
                        StreamsProperties.client(config), List.of(findingsTopic), r -> true, 1, Duration.ofSeconds(90));
                assertThat(out).hasSize(1);
                return serdes.valueSerde(StudyFindings.class).deserializer().deserialize(findingsTopic,
                        out.get(0).value());
            }
        }
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USER
                + "\" password=\"" + password + "\";";
    }

    private static Config config(String protocol, String bootstrap, Map<String, String> env) {
        return config(protocol, bootstrap, Map.of(), env);
    }

    private static Config config(String protocol, String bootstrap, Map<String, String> extra,
            Map<String, String> env) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = RunSettings.of("security-it-", run, dir.resolve("state-" + run));
        s.putAll(extra);
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrap);
        s.put(ConfigKeys.KAFKA_SECURITY_PROTOCOL.name(), protocol);
        if (env.containsKey("MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD")
                || env.containsKey("MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE")) {
            s.put(ConfigKeys.KAFKA_SSL_TRUSTSTORE_LOCATION.name(), certificates.truststore().toString());
        }
        s.put(ConfigKeys.DICOMWEB_ENDPOINTS.name(), "pacs");
        s.put(EndpointKeys.of("pacs").url().name(), "http://127.0.0.1:9/dicom-web");
        s.put(EndpointKeys.of("pacs").authKind().name(),
                env.containsKey("MEDMOE_DICOMWEB_ENDPOINT_PACS_AUTH_TOKEN") ? "bearer" : "none");
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), "1");
        return ConfigLoader.builder().environment(env).overrides(s).load();
    }

    /** Collects every log event of the service and of the Kafka clients (at INFO) while open. */
    private static final class LogCapture implements AutoCloseable {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final Logger kafkaLog = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        private final Logger medmoeLog = (Logger) LoggerFactory.getLogger("org.medmoe");
        private final Level kafkaLevel = kafkaLog.getLevel();
        private final Level medmoeLevel = medmoeLog.getLevel();

        LogCapture() {
            appender.start();
            root.addAppender(appender);
            kafkaLog.setLevel(Level.INFO);
            medmoeLog.setLevel(Level.INFO);
        }

        List<ILoggingEvent> events() {
            synchronized (appender) {
                return List.copyOf(appender.list);
            }
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
            kafkaLog.setLevel(kafkaLevel);
            medmoeLog.setLevel(medmoeLevel);
        }
    }
}
