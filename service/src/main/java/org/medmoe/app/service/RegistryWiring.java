package org.medmoe.app.service;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKey;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.HttpSchemaRegistry;
import org.medmoe.registry.RegistryClientConfig;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.registry.SubjectNameStrategy;
import org.medmoe.topology.Topics;

/** The schema-registry client and the Avro serdes, from configuration. */
public final class RegistryWiring {
    private RegistryWiring() {
    }

    /** A registry client for {@code registry.*}; the caller closes it. */
    public static SchemaRegistry client(Config config) {
        Map<String, Object> props = new HashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.name().startsWith("registry.")) {
                config.optionalString(key).ifPresent(v -> props.put(key.name(), v));
            }
        }
        try {
            return new HttpSchemaRegistry(RegistryClientConfig.fromMap(props));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid schema registry settings: " + e.getMessage(), e);
        }
    }

    /** Value serdes backed by {@code registry}, with the configured subject strategy and auto-registration. */
    public static Topics.SerdeFactory serdes(Config config, SchemaRegistry registry) {
        SubjectNameStrategy strategy = strategy(config);
        boolean autoRegister = config.bool(ConfigKeys.REGISTRY_AUTO_REGISTER);
        return new Topics.SerdeFactory() {
            @Override
            public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
                return AvroSerdes.specific(type, registry, strategy, false, autoRegister);
            }
        };
    }

    static SubjectNameStrategy strategy(Config config) {
        String value = config.string(ConfigKeys.REGISTRY_SUBJECT_STRATEGY).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "topic-name" -> SubjectNameStrategy.TOPIC_NAME;
            case "record-name" -> SubjectNameStrategy.RECORD_NAME;
            case "topic-record-name" -> SubjectNameStrategy.TOPIC_RECORD_NAME;
            default -> throw new ConfigException(ConfigKeys.REGISTRY_SUBJECT_STRATEGY.name() + " = '" + value
                    + "' is not valid: expected topic-name, record-name or topic-record-name");
        };
    }
}
