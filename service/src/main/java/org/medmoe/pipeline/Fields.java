package org.medmoe.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The validating reads of {@code pipeline.yaml}'s values: each wrong value adds an error that names
 * the file, the line and the key, and the read goes on with a default, so that one pass reports
 * every mistake. Confined to the loading thread.
 */
final class Fields {
    private final YamlDocument doc;
    private final List<String> errors = new ArrayList<>();

    Fields(YamlDocument doc) {
        this.doc = doc;
    }

    /** The errors so far, in the order they were found. */
    List<String> errors() {
        return errors;
    }

    void allowOnly(JsonNode node, String path, String... keys) {
        if (node == null || !node.isObject()) {
            if (node != null && !node.isMissingNode()) {
                error(path, "must be a mapping");
            }
            return;
        }
        Set<String> allowed = Set.of(keys);
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                error(join(path, k), "unknown key '" + k + "' (allowed: " + String.join(", ", keys) + ")");
            }
        });
    }

    String text(JsonNode node, String key, String path, boolean required) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                error(join(path, key), "is required");
            }
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            error(join(path, key), "must be a non-empty text");
            return null;
        }
        return v.asText();
    }

    List<String> strings(JsonNode node, String key, String path, boolean required) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                error(join(path, key), "is required");
            }
            return List.of();
        }
        if (!v.isArray()) {
            error(join(path, key), "must be a list");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        v.forEach(item -> out.add(item.asText()));
        return List.copyOf(out);
    }

    int integer(JsonNode node, String key, String path, int min, int max, int dflt) {
        JsonNode v = node.path(key);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            error(join(path, key), "must be a whole number from " + min + " to " + max + ", was '" + v.asText() + "'");
            return dflt;
        }
        return v.asInt();
    }

    Double number(JsonNode node, String key, String path) {
        JsonNode v = node.path(key);
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
            error(join(path, key), "must be a probability between 0 and 1, was '" + v.asText() + "'");
            return null;
        }
        return v.asDouble();
    }

    <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String key, String path, E dflt) {
        JsonNode v = node.path(key);
        if (v.isMissingNode()) {
            if (dflt == null) {
                error(join(path, key), "is required");
            }
            return dflt;
        }
        try {
            return Enum.valueOf(type, v.asText().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            error(join(path, key), "'" + v.asText() + "' is not one of " + names);
            return dflt;
        }
    }

    void error(String path, String message) {
        errors.add(doc.where(path) + ": " + message);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
