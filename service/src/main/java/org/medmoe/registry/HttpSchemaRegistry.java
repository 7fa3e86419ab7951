package org.medmoe.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API (also served by Apicurio's {@code ccompat}
 * API, Karapace and Redpanda) on {@code java.net.http}, for Avro schemas.
 *
 * <p>Caches both ways: the id of a schema per subject (filled by {@link #register} and
 * {@link #lookup}) and the schema of an id (filled by {@link #schemaById}); both are safe to keep
 * forever because a registered schema and its id never change. {@link #latest} and
 * {@link #isCompatible} always ask the registry.
 *
 * <p>Thread-safe: one instance is meant to be shared by all serdes of a process; whoever created
 * it closes it. Calls block for at most about {@code (retries + 1) * request timeout} plus backoff.
 * Retries: see {@link RegistryClientConfig}. Credentials are never logged.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistry.class);
    private static final Set<Integer> NOT_FOUND_OK = Set.of(404);
    private static final Set<Integer> NONE_OK = Set.of();
    private static final Set<Integer> CONFLICT_OK = Set.of(409);

    private final RegistryClientConfig config;
    private final RegistryTransport transport;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A client with the given settings and the JDK's TLS (or the configured truststore). */
    public HttpSchemaRegistry(RegistryClientConfig config) {
        this(config, null);
    }

    /**
     * A client with the given settings; {@code sslContext}, when not null, replaces the configured
     * truststore (e.g. for mutual TLS built by the caller).
     */
    public HttpSchemaRegistry(RegistryClientConfig config, SSLContext sslContext) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new RegistryTransport(config, sslContext);
        LOG.info("schema registry client for {} (auth {}, {} retries)", config.url(),
                config.authKind(), config.maxRetries());
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        RegistryTransport.Answer answer = transport.send("register", subject, "POST",
                "/subjects/" + encode(subject) + "/versions", schemaBody(schema), CONFLICT_OK);
        if (answer.status() == 409) {
            return registeredMeanwhile(subject, schema, answer);
        }
        int id = requireId(answer.body(), "register", subject);
        remember(subject, schema, id);
        LOG.info("schema registry {}: {} registered under subject '{}' with id {}", config.url(),
                schema.getFullName(), subject, id);
        return id;
    }

    /**
     * A 409 is an incompatible schema, or (Apicurio) another client that created the subject with the
     * same schema at the same moment, as instances starting together do: then the lookup finds it.
     */
    private int registeredMeanwhile(String subject, Schema schema, RegistryTransport.Answer conflict) {
        Optional<Integer> id = lookup(subject, schema);
        if (id.isPresent()) {
            LOG.info("schema registry {}: {} was registered under subject '{}' by another client at the same time,"
                    + " with id {}", config.url(), schema.getFullName(), subject, id.get());
            return id.get();
        }
        throw transport.failure("register", subject, conflict);
    }

    @Override
    public Optional<Integer> lookup(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return Optional.of(cached);
        }
        RegistryTransport.Answer answer = transport.send("lookup", subject, "POST",
                "/subjects/" + encode(subject), schemaBody(schema), NOT_FOUND_OK);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        int id = requireId(answer.body(), "lookup", subject);
        remember(subject, schema, id);
        return Optional.of(id);
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        RegistryTransport.Answer answer = transport.send("schemaById(" + id + ")", null, "GET",
                "/schemas/ids/" + id, null, NONE_OK);
        Schema schema = parse(answer.body(), "schemaById(" + id + ")", null);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public Optional<RegisteredSchema> latest(String subject) {
        RegistryTransport.Answer answer = transport.send("latest", subject, "GET",
                "/subjects/" + encode(subject) + "/versions/latest", null, NOT_FOUND_OK);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        JsonNode body = answer.body();
        int id = requireId(body, "latest", subject);
        Schema schema = parse(body, "latest", subject);
        schemasById.putIfAbsent(id, schema);
        remember(subject, schema, id);
        return Optional.of(new RegisteredSchema(body.path("subject").asText(subject),
                body.path("version").asInt(), id, schema));
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        RegistryTransport.Answer answer = transport.send("isCompatible", subject, "POST",
                "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                schemaBody(schema), Set.of(404, 409));
        if (answer.status() == 404) {
            return true;
        }
        boolean compatible = answer.status() != 409 && answer.body().path("is_compatible").asBoolean(false);
        if (!compatible) {
            JsonNode why = answer.body().has("messages") ? answer.body().get("messages")
                    : answer.body().path("reason");
            LOG.info("schema registry {}: {} is not compatible with the latest version of subject '{}': {}",
                    config.url(), schema.getFullName(), subject, why.isMissingNode() ? "(no reason given)" : why);
        }
        return compatible;
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = transport.json().createObjectNode().put("compatibility", level.name());
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        transport.send("setCompatibility(" + level + ")", subject, "PUT", path, body, NONE_OK);
        LOG.info("schema registry {}: compatibility of {} set to {}", config.url(),
                subject == null ? "the registry" : "subject '" + subject + "'", level);
    }

    @Override
    public String describe() {
        return config.url();
    }

    /**
     * HTTP requests sent so far, retries included; a cheap metric, and how tests check that the
     * caches answer.
     */
    public long httpRequestCount() {
        return transport.requestCount();
    }

    /** The settings of this client (its {@code toString} masks secrets). */
    public RegistryClientConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            idsBySubject.clear();
            schemasById.clear();
        }
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistry[" + config.url() + "]";
    }

    private Integer cachedId(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private ObjectNode schemaBody(Schema schema) {
        return transport.json().createObjectNode().put("schema", schema.toString());
    }

    private int requireId(JsonNode body, String operation, String subject) {
        JsonNode id = body.path("id");
        if (!id.canConvertToInt()) {
            throw malformed(operation, subject, "no integer 'id' in the answer");
        }
        return id.intValue();
    }

    private Schema parse(JsonNode body, String operation, String subject) {
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw malformed(operation, subject, "schema type is " + type + ", only AVRO is supported");
        }
        String text = body.path("schema").asText(null);
        if (text == null) {
            throw malformed(operation, subject, "no 'schema' in the answer");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new RegistryException("schema registry " + config.url() + ": " + operation
                    + (subject != null ? " for subject '" + subject + "'" : "")
                    + " returned a schema that Avro cannot parse: " + e.getMessage(),
                    200, 0, config.url(), operation, subject, e);
        }
    }

    private RegistryException malformed(String operation, String subject, String what) {
        return new RegistryException("schema registry " + config.url() + ": " + operation
                + (subject != null ? " for subject '" + subject + "'" : "") + " got an unexpected answer: " + what,
                200, 0, config.url(), operation, subject, null);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
