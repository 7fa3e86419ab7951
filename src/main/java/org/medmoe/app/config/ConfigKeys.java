package org.medmoe.app.config;

import static org.medmoe.app.config.ConfigKey.Type.BOOLEAN;
import static org.medmoe.app.config.ConfigKey.Type.INT;
import static org.medmoe.app.config.ConfigKey.Type.LIST;
import static org.medmoe.app.config.ConfigKey.Type.LONG;
import static org.medmoe.app.config.ConfigKey.Type.PASSWORD;
import static org.medmoe.app.config.ConfigKey.Type.STRING;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every configuration key of the service, with its default and documentation. */
public final class ConfigKeys {

    /** Prefix of raw Kafka client properties passed through unchanged (e.g. {@code kafka.client.linger.ms}). */
    public static final String KAFKA_PASSTHROUGH_PREFIX = "kafka.client.";

    public static final ConfigKey KAFKA_BOOTSTRAP_SERVERS = ConfigKey.of("kafka.bootstrap.servers", STRING,
            "localhost:9092", "Kafka bootstrap servers (host:port, comma-separated).");
    public static final ConfigKey KAFKA_APPLICATION_ID = ConfigKey.of("kafka.application.id", STRING,
            "medmoe-stream", "Kafka Streams application id: consumer group and prefix of internal topics.");
    public static final ConfigKey KAFKA_STREAM_THREADS = ConfigKey.of("kafka.num.stream.threads", INT,
            "3", "Stream threads per instance; they share the model through its batcher, so while one thread's study is in the model the others read and publish theirs. More threads than the instance's partitions stay idle.");
    public static final ConfigKey KAFKA_COMMIT_INTERVAL_MS = ConfigKey.of("kafka.commit.interval.ms", LONG,
            "100", "How often each stream thread commits its transaction (input offsets, state and results), Kafka Streams' exactly-once default; results become readable (read_committed) at a commit. A study that takes longer commits right after it; shorter studies share a commit, and a longer interval saves transaction work per study at the price of latency (docs/adr/0004-stream-threads-and-the-dynamic-batcher.md).");
    public static final ConfigKey KAFKA_STATE_DIR = ConfigKey.of("kafka.state.dir", STRING,
            null, "Folder for local state stores (Kafka Streams' default when unset).");
    public static final ConfigKey KAFKA_REPLICATION_FACTOR = ConfigKey.of("kafka.replication.factor", INT,
            "-1", "Replication factor of internal topics (-1: the broker's default).");
    public static final ConfigKey KAFKA_SECURITY_PROTOCOL = ConfigKey.of("kafka.security.protocol", STRING,
            "PLAINTEXT", "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.");
    public static final ConfigKey KAFKA_SSL_TRUSTSTORE_LOCATION = ConfigKey.of("kafka.ssl.truststore.location", STRING,
            null, "Truststore file for TLS to Kafka.");
    public static final ConfigKey KAFKA_SSL_TRUSTSTORE_PASSWORD = ConfigKey.of("kafka.ssl.truststore.password", PASSWORD,
            null, "Password of the Kafka truststore.");
    public static final ConfigKey KAFKA_SSL_KEYSTORE_LOCATION = ConfigKey.of("kafka.ssl.keystore.location", STRING,
            null, "Keystore file for TLS client authentication to Kafka.");
    public static final ConfigKey KAFKA_SSL_KEYSTORE_PASSWORD = ConfigKey.of("kafka.ssl.keystore.password", PASSWORD,
            null, "Password of the Kafka keystore.");
    public static final ConfigKey KAFKA_SSL_KEY_PASSWORD = ConfigKey.of("kafka.ssl.key.password", PASSWORD,
            null, "Password of the private key in the Kafka keystore.");
    public static final ConfigKey KAFKA_SASL_MECHANISM = ConfigKey.of("kafka.sasl.mechanism", STRING,
            null, "SASL mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512).");
    public static final ConfigKey KAFKA_SASL_JAAS_CONFIG = ConfigKey.of("kafka.sasl.jaas.config", PASSWORD,
            null, "SASL JAAS configuration line (holds credentials: set it from the environment).");

    public static final ConfigKey REGISTRY_URL = ConfigKey.of("registry.url", STRING,
            "http://localhost:8081", "Schema registry base URL (Confluent REST API).");
    public static final ConfigKey REGISTRY_AUTH_KIND = ConfigKey.of("registry.auth.kind", STRING,
            "none", "Registry authentication: none, basic or bearer.");
    public static final ConfigKey REGISTRY_AUTH_USERNAME = ConfigKey.of("registry.auth.username", STRING,
            null, "Registry user name (basic auth).");
    public static final ConfigKey REGISTRY_AUTH_PASSWORD = ConfigKey.of("registry.auth.password", PASSWORD,
            null, "Registry password (basic auth).");
    public static final ConfigKey REGISTRY_AUTH_TOKEN = ConfigKey.of("registry.auth.token", PASSWORD,
            null, "Registry bearer token.");
    public static final ConfigKey REGISTRY_TRUSTSTORE_LOCATION = ConfigKey.of("registry.ssl.truststore.location", STRING,
            null, "Truststore for TLS to the registry (the JDK's default when unset).");
    public static final ConfigKey REGISTRY_TRUSTSTORE_PASSWORD = ConfigKey.of("registry.ssl.truststore.password", PASSWORD,
            null, "Password of the registry truststore.");
    public static final ConfigKey REGISTRY_CONNECT_TIMEOUT_MS = ConfigKey.of("registry.connect.timeout.ms", LONG,
            "5000", "Timeout to open a connection to the registry.");
    public static final ConfigKey REGISTRY_REQUEST_TIMEOUT_MS = ConfigKey.of("registry.request.timeout.ms", LONG,
            "10000", "Timeout of one registry request.");
    public static final ConfigKey REGISTRY_RETRIES = ConfigKey.of("registry.retries", INT,
            "3", "Retries of a registry call on 5xx, 429 or timeouts (none on other 4xx).");
    public static final ConfigKey REGISTRY_RETRY_BACKOFF_MS = ConfigKey.of("registry.retry.backoff.ms", LONG,
            "200", "First retry backoff; doubles each retry.");
    public static final ConfigKey REGISTRY_RETRY_BACKOFF_MAX_MS = ConfigKey.of("registry.retry.backoff.max.ms", LONG,
            "5000", "Upper bound of the retry backoff.");
    public static final ConfigKey REGISTRY_SUBJECT_STRATEGY = ConfigKey.of("registry.subject.strategy", STRING,
            "topic-name", "Subject naming: topic-name (<topic>-value), record-name (record full name) or topic-record-name.");
    public static final ConfigKey REGISTRY_AUTO_REGISTER = ConfigKey.of("registry.auto.register", BOOLEAN,
            "true", "Register the service's output schemas at start-up (false: look them up; a missing subject fails start-up).");

    public static final ConfigKey TOPIC_STUDY_EVENTS = ConfigKey.of("topics.study.events", STRING,
            "pacs.study.events", "Input: StudyEvent per new study revision.");
    public static final ConfigKey TOPIC_ACCEPTED = ConfigKey.of("topics.accepted", STRING,
            "medmoe.study.accepted", "Output: validated, de-duplicated StudyEvents (for audit; analysis follows intake directly).");
    public static final ConfigKey TOPIC_FINDINGS = ConfigKey.of("topics.findings", STRING,
            "medmoe.findings", "Output: StudyFindings per study revision.");
    public static final ConfigKey TOPIC_TRIAGE = ConfigKey.of("topics.triage", STRING,
            "medmoe.triage", "Output: TriageDecision per study revision.");
    public static final ConfigKey TOPIC_REPORT_DRAFTS = ConfigKey.of("topics.report.drafts", STRING,
            "medmoe.report-drafts", "Output: ReportDraft per study revision.");
    public static final ConfigKey TOPIC_DEAD_LETTERS = ConfigKey.of("topics.dead.letters", STRING,
            "medmoe.dead-letters", "Output: DeadLetter for every input that could not be processed.");
    public static final ConfigKey TOPICS_CREATE = ConfigKey.of("topics.create", BOOLEAN,
            "true", "Create missing topics at start-up.");
    public static final ConfigKey TOPICS_PARTITIONS = ConfigKey.of("topics.partitions", INT,
            "3", "Partitions of topics the service creates.");
    public static final ConfigKey TOPICS_REPLICATION_FACTOR = ConfigKey.of("topics.replication.factor", INT,
            "-1", "Replication factor of topics the service creates (-1: the broker's default).");

    public static final ConfigKey INTAKE_MODALITIES = ConfigKey.of("intake.modalities", LIST,
            String.join(",", DicomModalities.DEFINED_TERMS),
            "Modality codes accepted in StudyEvent.modalities (DICOM defined terms by default).");

    public static final ConfigKey PIPELINE_FILE = ConfigKey.of("pipeline.file", STRING,
            null, "Pipeline definition (default: topology/pipeline.yaml of the installation).");
    public static final ConfigKey MODEL_DIR = ConfigKey.of("model.dir", STRING,
            null, "Model directory: model.json, the three ONNX files, tokenizer.json (default: the bundled tiny test model).");
    public static final ConfigKey MODEL_PROVIDERS = ConfigKey.of("model.providers", LIST,
            "CPU", "ONNX Runtime execution providers in order of preference: CUDA, CPU.");
    public static final ConfigKey MODEL_CPU_FALLBACK = ConfigKey.of("model.cpu.fallback", BOOLEAN,
            "false", "Run on CPU (logged) when a requested provider is unavailable, instead of failing start-up.");
    public static final ConfigKey MODEL_CUDA_DEVICE = ConfigKey.of("model.cuda.device.id", INT,
            "0", "CUDA device ordinal.");
    public static final ConfigKey MODEL_CUDA_MEMORY_LIMIT = ConfigKey.of("model.cuda.memory.limit.bytes", LONG,
            "0", "CUDA memory arena limit in bytes (0: no limit).");
    public static final ConfigKey MODEL_INTRA_OP_THREADS = ConfigKey.of("model.intra.op.threads", INT,
            "0", "ONNX Runtime threads inside one operator (0: one per core).");
    public static final ConfigKey MODEL_INTRA_OP_SPINNING = ConfigKey.of("model.intra.op.spinning", BOOLEAN,
            "false", "Let idle ONNX Runtime threads spin for work (true) instead of sleeping; spinning helps only on cores nobody else uses.");
    public static final ConfigKey MODEL_BATCH_MAX = ConfigKey.of("model.batch.max", INT,
            "8", "Most images (each with all its questions) in one model call.");
    public static final ConfigKey MODEL_BATCH_MAX_WAIT_MS = ConfigKey.of("model.batch.max.wait.ms", LONG,
            "0", "Longest an image waits for others to join its batch when the model is idle (0: none; images that queue while the model is busy form the next batch); the wait ends early once every stream thread has an image in it.");
    public static final ConfigKey ANALYSIS_STUDY_BUDGET_MS = ConfigKey.of("analysis.study.budget.ms", LONG,
            "120000", "Longest the model may work on one study; answers not back by then make the findings PARTIAL.");
    public static final ConfigKey DICOMWEB_AUTH_KIND = ConfigKey.of("dicomweb.auth.kind", STRING,
            "none", "DICOMweb authentication: none, basic or bearer.");
    public static final ConfigKey DICOMWEB_AUTH_USERNAME = ConfigKey.of("dicomweb.auth.username", STRING,
            null, "DICOMweb user name (basic auth).");
    public static final ConfigKey DICOMWEB_AUTH_PASSWORD = ConfigKey.of("dicomweb.auth.password", PASSWORD,
            null, "DICOMweb password (basic auth).");
    public static final ConfigKey DICOMWEB_AUTH_TOKEN = ConfigKey.of("dicomweb.auth.token", PASSWORD,
            null, "DICOMweb bearer token.");
    public static final ConfigKey DICOMWEB_TIMEOUT_MS = ConfigKey.of("dicomweb.request.timeout.ms", LONG,
            "30000", "Time allowed for the response headers of one DICOMweb request attempt.");
    public static final ConfigKey DICOMWEB_READ_TIMEOUT_MS = ConfigKey.of("dicomweb.read.timeout.ms", LONG,
            "30000", "Longest wait for the next bytes of a DICOMweb response body after its headers (a server that"
                    + " stalls mid-body); a stall is a timeout, retried like one.");
    public static final ConfigKey DICOMWEB_ATTEMPTS = ConfigKey.of("dicomweb.attempts", INT,
            "4", "Attempts of a DICOMweb request on 5xx, 429 or timeouts (none on other 4xx).");
    public static final ConfigKey SR_WRITEBACK_ENABLED = ConfigKey.of("sr.writeback.enabled", BOOLEAN,
            "false", "Store each study's findings (DICOMweb locators only) into the study as a TID 1500 SR by STOW-RS; "
                    + "a failure is a dead letter with stage sr-writeback, the findings are published all the same.");

    public static final ConfigKey BRIDGE_ORTHANC_URL = ConfigKey.of("bridge.orthanc.url", STRING,
            "http://localhost:8042", "Orthanc REST root whose change feed the Orthanc bridge follows.");
    public static final ConfigKey BRIDGE_DICOMWEB_URL = ConfigKey.of("bridge.dicomweb.url", STRING,
            null, "DICOMweb root the bridge puts in its events (default: bridge.orthanc.url + /dicom-web).");
    public static final ConfigKey BRIDGE_SOURCE = ConfigKey.of("bridge.source", STRING,
            "orthanc:main", "Source name in the bridge's events; also names its transactional id and its state entries.");
    public static final ConfigKey BRIDGE_STATE_TOPIC = ConfigKey.of("bridge.state.topic", STRING,
            "medmoe.bridge.state", "Compacted topic of the bridge's position and announced studies.");
    public static final ConfigKey BRIDGE_STATE_REPLICATION_FACTOR = ConfigKey.of("bridge.state.replication.factor", INT,
            "-1", "Replication factor of the bridge's state topic when the bridge creates it (-1: the broker's default).");
    public static final ConfigKey BRIDGE_POLL_INTERVAL_MS = ConfigKey.of("bridge.poll.interval.ms", LONG,
            "1000", "Pause of the bridge when the change feed is drained or Orthanc does not answer.");
    public static final ConfigKey BRIDGE_BATCH_SIZE = ConfigKey.of("bridge.batch.size", INT,
            "100", "Changes the bridge reads per request of the change feed (1 to 1000).");
    public static final ConfigKey BRIDGE_ORTHANC_TIMEOUT_MS = ConfigKey.of("bridge.orthanc.request.timeout.ms", LONG,
            "30000", "Timeout of one request of the bridge to Orthanc.");
    public static final ConfigKey BRIDGE_ORTHANC_AUTH_KIND = ConfigKey.of("bridge.orthanc.auth.kind", STRING,
            "none", "Authentication of the bridge to Orthanc's REST API: none, basic or bearer.");
    public static final ConfigKey BRIDGE_ORTHANC_AUTH_USERNAME = ConfigKey.of("bridge.orthanc.auth.username", STRING,
            null, "Orthanc user name of the bridge (basic auth).");
    public static final ConfigKey BRIDGE_ORTHANC_AUTH_PASSWORD = ConfigKey.of("bridge.orthanc.auth.password", PASSWORD,
            null, "Orthanc password of the bridge (basic auth).");
    public static final ConfigKey BRIDGE_ORTHANC_AUTH_TOKEN = ConfigKey.of("bridge.orthanc.auth.token", PASSWORD,
            null, "Orthanc bearer token of the bridge.");

    public static final ConfigKey ERRORS_THREAD_REPLACEMENTS = ConfigKey.of("errors.thread.replacements", INT,
            "3", "Stream threads replaced after an unexpected error before the instance shuts down.");
    public static final ConfigKey ERRORS_THREAD_REPLACEMENT_WINDOW_MS = ConfigKey.of(
            "errors.thread.replacement.window.ms", LONG,
            "600000", "Window in which errors.thread.replacements is counted.");

    public static final ConfigKey HTTP_PORT = ConfigKey.of("http.port", INT,
            "8080", "Port of the HTTP endpoint: /metrics (Prometheus), /health/live, /health/ready (0: any free port).");
    public static final ConfigKey HTTP_BIND_ADDRESS = ConfigKey.of("http.bind.address", STRING,
            "0.0.0.0", "Address the HTTP endpoint listens on.");

    /** All keys, in documentation order. */
    public static final List<ConfigKey> ALL = List.of(
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_APPLICATION_ID, KAFKA_STREAM_THREADS, KAFKA_COMMIT_INTERVAL_MS, KAFKA_STATE_DIR,
            KAFKA_REPLICATION_FACTOR, KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_TRUSTSTORE_LOCATION,
            KAFKA_SSL_TRUSTSTORE_PASSWORD, KAFKA_SSL_KEYSTORE_LOCATION, KAFKA_SSL_KEYSTORE_PASSWORD,
            KAFKA_SSL_KEY_PASSWORD, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG,
            REGISTRY_URL, REGISTRY_AUTH_KIND, REGISTRY_AUTH_USERNAME, REGISTRY_AUTH_PASSWORD, REGISTRY_AUTH_TOKEN,
            REGISTRY_TRUSTSTORE_LOCATION, REGISTRY_TRUSTSTORE_PASSWORD, REGISTRY_CONNECT_TIMEOUT_MS,
            REGISTRY_REQUEST_TIMEOUT_MS, REGISTRY_RETRIES, REGISTRY_RETRY_BACKOFF_MS, REGISTRY_RETRY_BACKOFF_MAX_MS, REGISTRY_SUBJECT_STRATEGY, REGISTRY_AUTO_REGISTER,
            TOPIC_STUDY_EVENTS, TOPIC_ACCEPTED, TOPIC_FINDINGS, TOPIC_TRIAGE, TOPIC_REPORT_DRAFTS, TOPIC_DEAD_LETTERS,
            TOPICS_CREATE, TOPICS_PARTITIONS, TOPICS_REPLICATION_FACTOR,
            INTAKE_MODALITIES, PIPELINE_FILE, MODEL_DIR, MODEL_PROVIDERS, MODEL_CPU_FALLBACK, MODEL_CUDA_DEVICE,
            MODEL_CUDA_MEMORY_LIMIT, MODEL_INTRA_OP_THREADS, MODEL_INTRA_OP_SPINNING, MODEL_BATCH_MAX, MODEL_BATCH_MAX_WAIT_MS,
            ANALYSIS_STUDY_BUDGET_MS, DICOMWEB_AUTH_KIND, DICOMWEB_AUTH_USERNAME, DICOMWEB_AUTH_PASSWORD,
            DICOMWEB_AUTH_TOKEN, DICOMWEB_TIMEOUT_MS, DICOMWEB_READ_TIMEOUT_MS, DICOMWEB_ATTEMPTS, SR_WRITEBACK_ENABLED,
            BRIDGE_ORTHANC_URL, BRIDGE_DICOMWEB_URL, BRIDGE_SOURCE, BRIDGE_STATE_TOPIC, BRIDGE_STATE_REPLICATION_FACTOR,
            BRIDGE_POLL_INTERVAL_MS, BRIDGE_BATCH_SIZE, BRIDGE_ORTHANC_TIMEOUT_MS, BRIDGE_ORTHANC_AUTH_KIND,
            BRIDGE_ORTHANC_AUTH_USERNAME, BRIDGE_ORTHANC_AUTH_PASSWORD, BRIDGE_ORTHANC_AUTH_TOKEN,
            ERRORS_THREAD_REPLACEMENTS, ERRORS_THREAD_REPLACEMENT_WINDOW_MS, HTTP_PORT, HTTP_BIND_ADDRESS);

    private static final Map<String, ConfigKey> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigKey::name, Function.identity()));

    private ConfigKeys() {
    }

    /** The key named {@code name}, if declared. */
    public static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
