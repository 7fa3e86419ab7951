package org.medmoe.app.config;

import static org.medmoe.app.config.ConfigKey.Type.BOOLEAN;
import static org.medmoe.app.config.ConfigKey.Type.INT;
import static org.medmoe.app.config.ConfigKey.Type.LIST;
import static org.medmoe.app.config.ConfigKey.Type.LONG;
import static org.medmoe.app.config.ConfigKey.Type.PASSWORD;
import static org.medmoe.app.config.ConfigKey.Type.STRING;
import static org.medmoe.app.config.ConfigValidator.atLeast;
import static org.medmoe.app.config.ConfigValidator.between;
import static org.medmoe.app.config.ConfigValidator.eachOf;
import static org.medmoe.app.config.ConfigValidator.existingFile;
import static org.medmoe.app.config.ConfigValidator.existingFolder;
import static org.medmoe.app.config.ConfigValidator.oneOf;
import static org.medmoe.app.config.ConfigValidator.replicationFactor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every configuration key of the service, with its default and documentation. */
public final class ConfigKeys {

    /** Prefix of raw Kafka client properties passed through unchanged (e.g. {@code kafka.client.linger.ms}). */
    public static final String KAFKA_PASSTHROUGH_PREFIX = "kafka.client.";

    private static final String[] AUTH_KINDS = {"none", "basic", "bearer"};

    public static final ConfigKey KAFKA_BOOTSTRAP_SERVERS = ConfigKey.of("kafka.bootstrap.servers", STRING,
            "localhost:9092", "Kafka bootstrap servers (host:port, comma-separated).");
    public static final ConfigKey KAFKA_APPLICATION_ID = ConfigKey.of("kafka.application.id", STRING,
            "medmoe-stream", "Kafka Streams application id: consumer group and prefix of internal topics.");
    public static final ConfigKey KAFKA_STREAM_THREADS = ConfigKey.of("kafka.num.stream.threads", INT,
            "3", "Stream threads per instance; they share the model through its batcher, so while one thread's study is in the model the others read and publish theirs. More threads than the instance's partitions stay idle.", atLeast(1));
    public static final ConfigKey KAFKA_COMMIT_INTERVAL_MS = ConfigKey.of("kafka.commit.interval.ms", LONG,
            "100", "How often each stream thread commits its transaction (input offsets, state and results), Kafka Streams' exactly-once default; results become readable (read_committed) at a commit. A study that takes longer commits right after it; shorter studies share a commit, and a longer interval saves transaction work per study at the price of latency (docs/adr/0004-stream-threads-and-the-dynamic-batcher.md).", atLeast(0));
    public static final ConfigKey KAFKA_STATE_DIR = ConfigKey.of("kafka.state.dir", STRING,
            null, "Folder for local state stores (Kafka Streams' default when unset).");
    public static final ConfigKey KAFKA_INSTANCE_ID = ConfigKey.of("kafka.instance.id", STRING, "auto",
            "Static group membership (group.instance.id, one per stream thread): a restarted instance with the same id"
            + " takes its partitions back without waiting for the session timeout of its dead self. auto: derived from"
            + " the host name and the state folder; none: dynamic membership; any other value: that id, unique per"
            + " instance of the application.");
    public static final ConfigKey KAFKA_REPLICATION_FACTOR = ConfigKey.of("kafka.replication.factor", INT,
            "-1", "Replication factor of internal topics (-1: the broker's default).", replicationFactor());
    public static final ConfigKey KAFKA_SECURITY_PROTOCOL = ConfigKey.of("kafka.security.protocol", STRING,
            "PLAINTEXT", "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.", oneOf("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"));
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
            "none", "Registry authentication: none, basic or bearer.", oneOf(AUTH_KINDS));
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
            "5000", "Timeout to open a connection to the registry.", atLeast(1));
    public static final ConfigKey REGISTRY_REQUEST_TIMEOUT_MS = ConfigKey.of("registry.request.timeout.ms", LONG,
            "10000", "Timeout of one registry request.", atLeast(1));
    public static final ConfigKey REGISTRY_RETRIES = ConfigKey.of("registry.retries", INT,
            "3", "Retries of a registry call on 5xx, 429 or timeouts (none on other 4xx).", atLeast(0));
    public static final ConfigKey REGISTRY_RETRY_BACKOFF_MS = ConfigKey.of("registry.retry.backoff.ms", LONG,
            "200", "First retry backoff; doubles each retry.", atLeast(0));
    public static final ConfigKey REGISTRY_RETRY_BACKOFF_MAX_MS = ConfigKey.of("registry.retry.backoff.max.ms", LONG,
            "5000", "Upper bound of the retry backoff.", atLeast(0));
    public static final ConfigKey REGISTRY_STARTUP_WAIT_MS = ConfigKey.of("registry.startup.wait.ms", LONG,
            "300000", "How long start-up keeps trying a registry that does not answer (no answer, 5xx or 429 after its"
            + " retries) before the service exits with an error; readiness stays false meanwhile. 0: no wait.",
            atLeast(0));
    public static final ConfigKey REGISTRY_SUBJECT_STRATEGY = ConfigKey.of("registry.subject.strategy", STRING,
            "topic-name", "Subject naming: topic-name (<topic>-value), record-name (record full name) or topic-record-name.", oneOf("topic-name", "record-name", "topic-record-name"));
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
            "3", "Partitions of topics the service creates.", atLeast(1));
    public static final ConfigKey TOPICS_REPLICATION_FACTOR = ConfigKey.of("topics.replication.factor", INT,
            "-1", "Replication factor of topics the service creates (-1: the broker's default).", replicationFactor());

    public static final ConfigKey INTAKE_MODALITIES = ConfigKey.of("intake.modalities", LIST,
            String.join(",", DicomModalities.DEFINED_TERMS),
            "Modality codes accepted in StudyEvent.modalities (DICOM defined terms by default).");

    public static final ConfigKey PIPELINE_FILE = ConfigKey.of("pipeline.file", STRING,
            null, "Pipeline definition (default: topology/pipeline.yaml of the installation).", existingFile());
    public static final ConfigKey MODEL_DIR = ConfigKey.of("model.dir", STRING,
            null, "Model directory: model.json, the three ONNX files, the tokenizer files (default: the bundled tiny test model).", existingFolder());
    public static final ConfigKey MODEL_PROVIDERS = ConfigKey.of("model.providers", LIST,
            "CPU", "ONNX Runtime execution providers in order of preference: CUDA, CPU.", eachOf("CUDA", "CPU"));
    public static final ConfigKey MODEL_CPU_FALLBACK = ConfigKey.of("model.cpu.fallback", BOOLEAN,
            "false", "Run on CPU (logged) when a requested provider is unavailable, instead of failing start-up.");
    public static final ConfigKey MODEL_CUDA_DEVICE = ConfigKey.of("model.cuda.device.id", INT,
            "0", "CUDA device ordinal.", atLeast(0));
    public static final ConfigKey MODEL_CUDA_MEMORY_LIMIT = ConfigKey.of("model.cuda.memory.limit.bytes", LONG,
            "0", "CUDA memory arena limit in bytes (0: no limit).", atLeast(0));
    public static final ConfigKey MODEL_INTRA_OP_THREADS = ConfigKey.of("model.intra.op.threads", INT,
            "0", "ONNX Runtime threads inside one operator (0: one per core).", atLeast(0));
    public static final ConfigKey MODEL_INTRA_OP_SPINNING = ConfigKey.of("model.intra.op.spinning", BOOLEAN,
            "false", "Let idle ONNX Runtime threads spin for work (true) instead of sleeping; spinning helps only on cores nobody else uses.");
    public static final ConfigKey MODEL_BATCH_MAX = ConfigKey.of("model.batch.max", INT,
            "8", "Most images (each with all its questions) in one model call.", atLeast(1));
    public static final ConfigKey MODEL_BATCH_MAX_WAIT_MS = ConfigKey.of("model.batch.max.wait.ms", LONG,
            "0", "Longest an image waits for others to join its batch when the model is idle (0: none; images that queue while the model is busy form the next batch); the wait ends early once every stream thread has an image in it.", atLeast(0));
    public static final ConfigKey ANALYSIS_STUDY_BUDGET_MS = ConfigKey.of("analysis.study.budget.ms", LONG,
            "120000", "Longest one study may take from its plan to the model's answers; images not fetched and answers"
            + " not back by then make the findings PARTIAL (TIMEOUT). Kafka's max.poll.interval.ms and"
            + " transaction.timeout.ms are derived from it and the dicomweb timeouts, and checked at start-up.",
            atLeast(1));
    public static final ConfigKey DICOMWEB_ENDPOINTS = ConfigKey.of("dicomweb.endpoints", LIST,
            null, "Names of the trusted DICOMweb endpoints, each set with the dicomweb.endpoint.<name>.* keys below; "
                    + "a DICOMweb locator under none of them is a dead letter UNTRUSTED_LOCATOR (none: all are).");
    public static final ConfigKey DICOMWEB_TIMEOUT_MS = ConfigKey.of("dicomweb.request.timeout.ms", LONG,
            "15000", "Time allowed for the response headers of one DICOMweb request attempt.", atLeast(1));
    public static final ConfigKey DICOMWEB_READ_TIMEOUT_MS = ConfigKey.of("dicomweb.read.timeout.ms", LONG,
            "10000", "Longest wait for the next bytes of a DICOMweb response body after its headers (a server that"
                    + " stalls mid-body); a stall is a timeout, retried like one.", atLeast(1));
    public static final ConfigKey DICOMWEB_ATTEMPTS = ConfigKey.of("dicomweb.attempts", INT,
            "3", "Attempts of a DICOMweb request on 5xx, 429 or timeouts (none on other 4xx).", atLeast(1));
    public static final ConfigKey DICOMWEB_MAX_INSTANCE_BYTES = ConfigKey.of("dicomweb.max.instance.bytes", LONG,
            "536870912", "Largest retrieved instance; a larger one (declared or counted) is refused unread, a dead letter"
                    + " INPUT_TOO_LARGE. Also the cap on files read for file: locators.", atLeast(1));
    public static final ConfigKey DICOMWEB_MAX_JSON_BYTES = ConfigKey.of("dicomweb.max.json.bytes", LONG,
            "67108864", "Largest QIDO-RS, metadata or STOW-RS response; a larger one is a dead letter INPUT_TOO_LARGE.", atLeast(1));
    public static final ConfigKey ANALYSIS_FILE_ROOTS = ConfigKey.of("analysis.file.roots", LIST,
            null, "Folders under which file: locators are read (symbolic links resolved, '..' refused); a file: "
                    + "locator elsewhere is a dead letter UNTRUSTED_LOCATOR (none: all are).");
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
            "-1", "Replication factor of the bridge's state topic when the bridge creates it (-1: the broker's default).", replicationFactor());
    public static final ConfigKey BRIDGE_POLL_INTERVAL_MS = ConfigKey.of("bridge.poll.interval.ms", LONG,
            "1000", "Pause of the bridge when the change feed is drained or Orthanc does not answer.", atLeast(1));
    public static final ConfigKey BRIDGE_BATCH_SIZE = ConfigKey.of("bridge.batch.size", INT,
            "100", "Changes the bridge reads per request of the change feed (1 to 1000).", between(1, 1000));
    public static final ConfigKey BRIDGE_ORTHANC_TIMEOUT_MS = ConfigKey.of("bridge.orthanc.request.timeout.ms", LONG,
            "30000", "Timeout of one request of the bridge to Orthanc.", atLeast(1));
    public static final ConfigKey BRIDGE_ORTHANC_AUTH_KIND = ConfigKey.of("bridge.orthanc.auth.kind", STRING,
            "none", "Authentication of the bridge to Orthanc's REST API: none, basic or bearer.", oneOf(AUTH_KINDS));
    public static final ConfigKey BRIDGE_ORTHANC_AUTH_USERNAME = ConfigKey.of("bridge.orthanc.auth.username", STRING,
            null, "Orthanc user name of the bridge (basic auth).");
    public static final ConfigKey BRIDGE_ORTHANC_AUTH_PASSWORD = ConfigKey.of("bridge.orthanc.auth.password", PASSWORD,
            null, "Orthanc password of the bridge (basic auth).");
    public static final ConfigKey BRIDGE_ORTHANC_AUTH_TOKEN = ConfigKey.of("bridge.orthanc.auth.token", PASSWORD,
            null, "Orthanc bearer token of the bridge.");

    public static final ConfigKey ERRORS_THREAD_REPLACEMENTS = ConfigKey.of("errors.thread.replacements", INT,
            "3", "Stream threads replaced after an unexpected error before Kafka Streams fails (ERROR) and run exits with code 3.",
            atLeast(0));
    public static final ConfigKey ERRORS_POISON_RECORD_DEATHS = ConfigKey.of("errors.poison.record.deaths", INT,
            "3", "Times the analysis of one input may take the process (or its stream thread) down before the input is"
            + " quarantined as a dead letter POISON_RECORD on its next try (0: never).", atLeast(0));
    public static final ConfigKey ERRORS_THREAD_REPLACEMENT_WINDOW_MS = ConfigKey.of(
            "errors.thread.replacement.window.ms", LONG,
            "600000", "Window in which errors.thread.replacements is counted.", atLeast(1));

    public static final ConfigKey HTTP_PORT = ConfigKey.of("http.port", INT,
            "8080", "Port of the HTTP endpoint: /metrics (Prometheus), /health/live, /health/ready (0: any free port).", between(0, 65535));
    public static final ConfigKey HTTP_BIND_ADDRESS = ConfigKey.of("http.bind.address", STRING,
            "127.0.0.1", "Address the HTTP endpoint listens on (loopback only by default; 0.0.0.0 for every interface, e.g. in a container).");
    public static final ConfigKey HTTP_AUTH_TOKEN = ConfigKey.of("http.auth.token", PASSWORD,
            null, "Bearer token every request to the HTTP endpoint must carry (Authorization: Bearer ...); none when unset.");
    public static final ConfigKey HTTP_THREADS = ConfigKey.of("http.threads", INT,
            "8", "Threads serving the HTTP endpoint (1 to 64); a request not fully sent within 10 s is dropped, so slow clients hold a thread that long at most.", between(1, 64));

    /** All keys, in documentation order. */
    public static final List<ConfigKey> ALL = List.of(
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_APPLICATION_ID, KAFKA_STREAM_THREADS, KAFKA_COMMIT_INTERVAL_MS, KAFKA_STATE_DIR,
            KAFKA_INSTANCE_ID, KAFKA_REPLICATION_FACTOR, KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_TRUSTSTORE_LOCATION,
            KAFKA_SSL_TRUSTSTORE_PASSWORD, KAFKA_SSL_KEYSTORE_LOCATION, KAFKA_SSL_KEYSTORE_PASSWORD,
            KAFKA_SSL_KEY_PASSWORD, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG,
            REGISTRY_URL, REGISTRY_AUTH_KIND, REGISTRY_AUTH_USERNAME, REGISTRY_AUTH_PASSWORD, REGISTRY_AUTH_TOKEN,
            REGISTRY_TRUSTSTORE_LOCATION, REGISTRY_TRUSTSTORE_PASSWORD, REGISTRY_CONNECT_TIMEOUT_MS,
            REGISTRY_REQUEST_TIMEOUT_MS, REGISTRY_RETRIES, REGISTRY_RETRY_BACKOFF_MS, REGISTRY_RETRY_BACKOFF_MAX_MS, REGISTRY_STARTUP_WAIT_MS,
            REGISTRY_SUBJECT_STRATEGY, REGISTRY_AUTO_REGISTER,
            TOPIC_STUDY_EVENTS, TOPIC_ACCEPTED, TOPIC_FINDINGS, TOPIC_TRIAGE, TOPIC_REPORT_DRAFTS, TOPIC_DEAD_LETTERS,
            TOPICS_CREATE, TOPICS_PARTITIONS, TOPICS_REPLICATION_FACTOR,
            INTAKE_MODALITIES, PIPELINE_FILE, MODEL_DIR, MODEL_PROVIDERS, MODEL_CPU_FALLBACK, MODEL_CUDA_DEVICE,
            MODEL_CUDA_MEMORY_LIMIT, MODEL_INTRA_OP_THREADS, MODEL_INTRA_OP_SPINNING, MODEL_BATCH_MAX, MODEL_BATCH_MAX_WAIT_MS,
            ANALYSIS_STUDY_BUDGET_MS, DICOMWEB_ENDPOINTS, DICOMWEB_TIMEOUT_MS, DICOMWEB_READ_TIMEOUT_MS,
            DICOMWEB_ATTEMPTS, DICOMWEB_MAX_INSTANCE_BYTES, DICOMWEB_MAX_JSON_BYTES, ANALYSIS_FILE_ROOTS,
            SR_WRITEBACK_ENABLED,
            BRIDGE_ORTHANC_URL, BRIDGE_DICOMWEB_URL, BRIDGE_SOURCE, BRIDGE_STATE_TOPIC, BRIDGE_STATE_REPLICATION_FACTOR,
            BRIDGE_POLL_INTERVAL_MS, BRIDGE_BATCH_SIZE, BRIDGE_ORTHANC_TIMEOUT_MS, BRIDGE_ORTHANC_AUTH_KIND,
            BRIDGE_ORTHANC_AUTH_USERNAME, BRIDGE_ORTHANC_AUTH_PASSWORD, BRIDGE_ORTHANC_AUTH_TOKEN,
            ERRORS_THREAD_REPLACEMENTS, ERRORS_THREAD_REPLACEMENT_WINDOW_MS, ERRORS_POISON_RECORD_DEATHS, HTTP_PORT,
            HTTP_BIND_ADDRESS, HTTP_AUTH_TOKEN, HTTP_THREADS);

    private static final Map<String, ConfigKey> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigKey::name, Function.identity()));

    private ConfigKeys() {
    }

    /** The key named {@code name}, if declared. */
    public static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
