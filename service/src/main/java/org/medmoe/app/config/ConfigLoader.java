package org.medmoe.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a {@link Config}: declared defaults, then a YAML file (nested or dotted keys), then
 * environment variables ({@code MEDMOE_KAFKA_BOOTSTRAP_SERVERS} overrides
 * {@code kafka.bootstrap.servers}), then programmatic overrides, then the command line
 * ({@code --set}). Unknown keys are errors, except the pass-through prefix
 * {@link ConfigKeys#KAFKA_PASSTHROUGH_PREFIX}; the keys of each endpoint named by
 * {@link ConfigKeys#DICOMWEB_ENDPOINTS} ({@link EndpointKeys}) are declared for the load.
 *
 * <p>Secrets follow {@link Secrets}: from the environment only ({@code MEDMOE_<KEY>} or
 * {@code MEDMOE_<KEY>_FILE}); the file and the command line may not hold them. Programmatic
 * overrides (tests, the embedded demo) may. A builder for one thread; {@link #load} may be called
 * more than once.
 */
public final class ConfigLoader {
    private Path file;
    private Map<String, String> environment = System.getenv();
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final Map<String, String> commandLine = new LinkedHashMap<>();

    private ConfigLoader() {
    }

    public static ConfigLoader builder() {
        return new ConfigLoader();
    }

    public ConfigLoader file(Path path) {
        this.file = path;
        return this;
    }

    public ConfigLoader environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
        return this;
    }

    /** Values set by the program itself (tests, the demo); they may include secrets. */
    public ConfigLoader overrides(Map<String, String> values) {
        this.overrides.putAll(values);
        return this;
    }

    /** Values from the command line ({@code --set}); a secret among them is refused at {@link #load}. */
    public ConfigLoader commandLine(Map<String, String> values) {
        this.commandLine.putAll(values);
        return this;
    }

    /** Resolves and validates every declared key; throws {@link ConfigException} naming the key on error. */
    public Config load() {
        Map<String, String> values = new HashMap<>();
        Map<String, String> origins = new HashMap<>();
        Map<String, String> fromFile = file == null ? Map.of() : readFile(file);
        List<ConfigKey> keys = declaredKeys(fromFile);
        Map<String, ConfigKey> known = new HashMap<>();
        keys.forEach(k -> known.put(k.name(), k));
        for (ConfigKey key : keys) {
            if (key.defaultValue() != null) {
                values.put(key.name(), key.defaultValue());
            }
        }
        fromFile.forEach((k, v) -> {
            Secrets.refuse(k, v, "configuration file " + file);
            put(known, values, origins, k, v, "file " + file);
        });
        UnknownKeys.checkEnvironment(environment, keys);
        for (ConfigKey key : keys) {
            if (key.secret()) {
                Secrets.fromEnvironment(key, environment)
                        .ifPresent(r -> put(known, values, origins, key.name(), r.value(), r.origin()));
                continue;
            }
            String env = environment.get(key.environmentVariable());
            if (env != null) {
                put(known, values, origins, key.name(), env, "environment " + key.environmentVariable());
            }
        }
        passthroughFromEnvironment(known, values, origins);
        overrides.forEach((k, v) -> put(known, values, origins, k, v, "override"));
        commandLine.forEach((k, v) -> {
            Secrets.refuse(k, v, "command line (command lines are visible to other users of the host)");
            put(known, values, origins, k, v, "command line");
        });
        Config config = new Config(values, origins);
        validate(config, keys);
        return config;
    }

    /**
     * {@link ConfigKeys#ALL} and the keys of every endpoint named by {@code dicomweb.endpoints} (taken
     * from the command line, the overrides, the environment or the file, in that precedence).
     */
    private List<ConfigKey> declaredKeys(Map<String, String> fromFile) {
        ConfigKey key = ConfigKeys.DICOMWEB_ENDPOINTS;
        String names = commandLine.getOrDefault(key.name(), overrides.getOrDefault(key.name(),
                environment.getOrDefault(key.environmentVariable(), fromFile.getOrDefault(key.name(), ""))));
        List<ConfigKey> keys = new ArrayList<>(ConfigKeys.ALL);
        for (String name : names.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            if (!EndpointKeys.NAME.matcher(n).matches()) {
                throw new ConfigException(key.name() + ": endpoint name '" + n + "' is not valid: expected lower-case"
                        + " letters, digits and dashes, starting with a letter, at most 32 characters");
            }
            keys.addAll(EndpointKeys.of(n).all());
        }
        return keys;
    }

    /**
     * {@code MEDMOE_KAFKA_CLIENT_<PROPERTY>} sets {@code kafka.client.<property>}; for a secret
     * property, {@code MEDMOE_KAFKA_CLIENT_<PROPERTY>_FILE} names a file holding it.
     */
    private void passthroughFromEnvironment(Map<String, ConfigKey> known, Map<String, String> values,
            Map<String, String> origins) {
        String passthroughEnv = ConfigKey.envName(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX);
        environment.forEach((name, value) -> {
            if (!name.startsWith(passthroughEnv)) {
                return;
            }
            String prop = ConfigKeys.KAFKA_PASSTHROUGH_PREFIX
                    + name.substring(passthroughEnv.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
            String fileSuffix = Secrets.FILE_SUFFIX.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
            if (prop.endsWith(fileSuffix) && Secrets.isSecret(prop)) {
                String secretProp = prop.substring(0, prop.length() - fileSuffix.length());
                ConfigKey key = new ConfigKey(secretProp, ConfigKey.Type.PASSWORD, null, "pass-through secret", true,
                        ConfigValidator.ANY);
                Secrets.fromEnvironment(key, environment)
                        .ifPresent(r -> put(known, values, origins, secretProp, r.value(), r.origin()));
            } else if (Secrets.isSecret(prop) && environment.containsKey(name + Secrets.FILE_SUFFIX)) {
                return; // set both ways: refused when its _FILE variable is handled
            } else {
                put(known, values, origins, prop, value, "environment " + name);
            }
        });
    }

    private static void put(Map<String, ConfigKey> known, Map<String, String> values, Map<String, String> origins,
            String key, String value, String origin) {
        if (!known.containsKey(key) && !key.startsWith(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX)) {
            throw UnknownKeys.unknownKey(key, origin);
        }
        values.put(key, value);
        origins.put(key, origin);
    }

    /** Each set value against its key's type, then against its key's validator. */
    private static void validate(Config config, List<ConfigKey> keys) {
        for (ConfigKey key : keys) {
            if (config.raw(key).isEmpty()) {
                continue;
            }
            switch (key.type()) {
                case INT -> config.integer(key);
                case LONG -> config.longValue(key);
                case BOOLEAN -> config.bool(key);
                case DOUBLE -> {
                    try {
                        Double.parseDouble(config.string(key));
                    } catch (NumberFormatException e) {
                        throw new ConfigException(key.name() + " (from " + config.origin(key.name())
                                + ") is not a number", e);
                    }
                }
                default -> {
                }
            }
            if (!key.validator().accepts().test(config.string(key).trim())) {
                throw config.invalid(key, key.validator().expected());
            }
        }
    }

    static Map<String, String> readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("configuration file " + path + " does not exist or is not a file");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigException("configuration file " + path + " is not valid YAML at line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isObject()) {
                throw new ConfigException("configuration file " + path + " must hold a mapping of keys to values");
            }
            flatten("", root, flat, path);
        }
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path path) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key, v, out, path);
            } else if (v.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode item : v) {
                    if (!item.isValueNode()) {
                        throw new ConfigException(key + " in " + path + " must be a list of plain values");
                    }
                    sb.append(sb.length() == 0 ? "" : ",").append(item.asText());
                }
                out.put(key, sb.toString());
            } else if (v.isNull()) {
                out.put(key, "");
            } else {
                out.put(key, v.asText());
            }
        }
    }
}
