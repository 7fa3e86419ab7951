package org.medmoe.app.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * A decoded Avro value as JSON for people: records as objects, unions as their branch's value (no
 * type wrapper), enums as their symbol, bytes and fixed as Base64, {@code timestamp-millis} as an
 * ISO-8601 instant. Stateless.
 */
public final class AvroJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    /** {@code datum}, of schema {@code schema}, as a JSON tree. */
    public static JsonNode of(Object datum, Schema schema) {
        if (datum == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case UNION:
                return of(datum, branch(datum, schema));
            case RECORD:
                return record((GenericRecord) datum);
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) datum) {
                    array.add(of(item, schema.getElementType()));
                }
                return array;
            case MAP:
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    map.set(e.getKey().toString(), of(e.getValue(), schema.getValueType()));
                }
                return map;
            case BYTES:
                ByteBuffer b = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            case FIXED:
                return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            default:
                return scalar(datum, schema);
        }
    }

    private static JsonNode scalar(Object datum, Schema schema) {
        switch (schema.getType()) {
            case LONG:
                if (datum instanceof Instant instant) {
                    // a generated record's field with the logical type converted
                    return NODES.textNode(instant.toString());
                }
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return NODES.textNode(Instant.ofEpochMilli((Long) datum).toString());
                }
                return NODES.numberNode((Long) datum);
            case INT:
                return NODES.numberNode((Integer) datum);
            case FLOAT:
                return NODES.numberNode((Float) datum);
            case DOUBLE:
                return NODES.numberNode((Double) datum);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) datum);
            default:
                // STRING (Utf8 or String) and ENUM (its symbol)
                return NODES.textNode(datum.toString());
        }
    }

    private static ObjectNode record(GenericRecord record) {
        ObjectNode out = NODES.objectNode();
        for (Schema.Field f : record.getSchema().getFields()) {
            out.set(f.name(), of(record.get(f.pos()), f.schema()));
        }
        return out;
    }

    /** The branch of a union that {@code datum} was written with. */
    private static Schema branch(Object datum, Schema union) {
        if (datum instanceof GenericContainer c) {
            for (Schema s : union.getTypes()) {
                if (s.getFullName().equals(c.getSchema().getFullName())) {
                    return s;
                }
            }
        }
        int index = org.apache.avro.generic.GenericData.get().resolveUnion(union, datum);
        return union.getTypes().get(index);
    }
}
