package org.medmoe.app.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Resolved configuration values: defaults, then the file, then the environment, then command-line
 * overrides. Immutable and thread-safe. Typed getters validate and name the key on error.
 */
public final class Config {
    /** The origin {@link #maskedEntries} gives a key that has no value. */
    public static final String NOT_SET = "not set";

    private final Map<String, String> values;
    private final Map<String, String> origins;

    Config(Map<String, String> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.origins = Collections.unmodifiableMap(new TreeMap<>(origins));
    }

    /** Configuration of defaults plus {@code overrides} (for tests and embedded runs). */
    public static Config of(Map<String, String> overrides) {
        return ConfigLoader.builder().overrides(overrides).environment(Map.of()).load();
    }

    /** The raw value of {@code key} (default applied), if any. */
    public Optional<String> raw(ConfigKey key) {
        return Optional.ofNullable(values.get(key.name())).filter(v -> !v.isBlank());
    }

    public String string(ConfigKey key) {
        return raw(key).orElseThrow(() -> new ConfigException(key.name() + " is required but not set"
                + " (set it in the config file or with " + key.environmentVariable() + ")"));
    }

    public Optional<String> optionalString(ConfigKey key) {
        return raw(key);
    }

    public int integer(ConfigKey key) {
        return (int) parseLong(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public long longValue(ConfigKey key) {
        return parseLong(key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public boolean bool(ConfigKey key) {
        String v = string(key).trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw invalid(key, "true or false");
    }

    public List<String> list(ConfigKey key) {
        return raw(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** Every value under {@code prefix}, with the prefix removed (used for Kafka pass-through properties). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Where the value of {@code name} came from (default, file path, environment variable, secret file, command line). */
    public String origin(String name) {
        return origins.getOrDefault(name, "default");
    }

    /** All values with secrets masked, for printing. */
    public Map<String, String> masked() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, isSecret(k) && v != null && !v.isEmpty() ? "******" : v));
        return out;
    }

    /**
     * Every declared key, set or not, and every pass-through value, with its origin, secrets masked,
     * in key order: what {@code medmoe config} prints. A key without a value shows an empty value and
     * the origin {@code not set}.
     */
    public List<Entry> maskedEntries() {
        Map<String, String> shown = new TreeMap<>(masked());
        for (ConfigKey key : ConfigKeys.ALL) {
            shown.putIfAbsent(key.name(), null);
        }
        return shown.entrySet().stream().map(e -> new Entry(e.getKey(), e.getValue(),
                e.getValue() == null ? NOT_SET : origin(e.getKey()))).toList();
    }

    /** True when {@code name} holds a credential (masked when printed, refused from files and command lines). */
    public static boolean isSecret(String name) {
        return Secrets.isSecret(name);
    }

    /**
     * One resolved value, as printed.
     *
     * @param key the key
     * @param shown the value, or {@code ******} for a secret that is set
     * @param origin default, file, environment variable, override or command line
     */
    public record Entry(String key, String shown, String origin) {
    }

    private long parseLong(ConfigKey key, long min, long max) {
        String v = string(key).trim();
        try {
            long parsed = Long.parseLong(v);
            if (parsed < min || parsed > max) {
                throw invalid(key, "a number between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number");
        }
    }

    ConfigException invalid(ConfigKey key, String expected) {
        String shown = key.secret() ? "******" : values.get(key.name());
        return new ConfigException(key.name() + " = '" + shown + "' (from " + origin(key.name()) + ") is not valid: expected "
                + expected);
    }
}
