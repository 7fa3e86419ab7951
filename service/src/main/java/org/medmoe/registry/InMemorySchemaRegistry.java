package org.medmoe.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A schema registry held in memory, with the same contract as a real one: global ids, versions per
 * subject, compatibility levels (checked with Avro's own {@link SchemaCompatibility}) and 404/409
 * failures. For {@code TopologyTestDriver} tests and benchmarks; not shared between processes.
 *
 * <p>Thread-safe (all methods are synchronized; none blocks on I/O).
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private static final String NAME = "in-memory";

    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> levels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int nextId = 1;

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer known = idsBySchema.get(schema);
        if (known != null && versions.contains(known)) {
            return known;
        }
        if (!compatible(subject, schema, versions)) {
            throw new RegistryException("schema registry " + NAME + ": register for subject '" + subject
                    + "' failed: HTTP 409: " + schema.getFullName() + " is incompatible with the versions under "
                    + levelOf(subject), 409, 409, NAME, "register", subject, null);
        }
        int id = known != null ? known : nextId++;
        schemasById.put(id, schema);
        idsBySchema.put(schema, id);
        versions.add(id);
        return id;
    }

    @Override
    public synchronized Optional<Integer> lookup(String subject, Schema schema) {
        Integer id = idsBySchema.get(schema);
        List<Integer> versions = versionsBySubject.get(subject);
        return id != null && versions != null && versions.contains(id) ? Optional.of(id) : Optional.empty();
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new RegistryException("schema registry " + NAME + ": schemaById(" + id
                    + ") failed: HTTP 404, error_code 40403: schema not found", 404, 40403, NAME,
                    "schemaById(" + id + ")", null, null);
        }
        return schema;
    }

    @Override
    public synchronized Optional<RegisteredSchema> latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        int id = versions.get(versions.size() - 1);
        return Optional.of(new RegisteredSchema(subject, versions.size(), id, schemasById.get(id)));
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        return versions == null || compatible(subject, schema, versions);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else {
            levels.put(subject, level);
        }
    }

    @Override
    public String describe() {
        return NAME;
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    private CompatibilityLevel levelOf(String subject) {
        return levels.getOrDefault(subject, globalLevel);
    }

    private boolean compatible(String subject, Schema candidate, List<Integer> versions) {
        if (versions.isEmpty()) {
            return true;
        }
        CompatibilityLevel level = levelOf(subject);
        boolean transitive = level.name().endsWith("_TRANSITIVE");
        List<Integer> against = transitive ? versions : versions.subList(versions.size() - 1, versions.size());
        for (int id : against) {
            Schema existing = schemasById.get(id);
            boolean backward = readable(candidate, existing);
            boolean forward = readable(existing, candidate);
            boolean ok = switch (level) {
                case NONE -> true;
                case BACKWARD, BACKWARD_TRANSITIVE -> backward;
                case FORWARD, FORWARD_TRANSITIVE -> forward;
                case FULL, FULL_TRANSITIVE -> backward && forward;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean readable(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }
}
