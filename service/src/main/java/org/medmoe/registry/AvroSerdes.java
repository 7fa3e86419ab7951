package org.medmoe.registry;

import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka serdes for generated Avro records in the schema-registry wire format.
 *
 * <p>Programmatic use (the topology): {@link #specific}. Use through Kafka properties: the
 * no-arg {@link AvroSpecificSerializer} / {@link AvroSpecificDeserializer} read the
 * {@link RegistryClientConfig} keys plus {@value #SUBJECT_NAME_STRATEGY} (topic_name, record_name,
 * topic_record_name; default topic_name), {@value #AUTO_REGISTER} (default true),
 * {@value #KEY_TYPE} and {@value #VALUE_TYPE} (generated class names for the deserializer).
 */
public final class AvroSerdes {
    public static final String SUBJECT_NAME_STRATEGY = "registry.subject.name.strategy";
    public static final String AUTO_REGISTER = "registry.auto.register";
    public static final String KEY_TYPE = "registry.avro.key.type";
    public static final String VALUE_TYPE = "registry.avro.value.type";

    private AvroSerdes() {
    }

    /**
     * A serde for {@code type} over a shared {@code registry} (not closed by the serde).
     *
     * @param type         the generated record class (the reader schema)
     * @param registry     the registry, shared by all serdes of the process
     * @param strategy     how subjects are named
     * @param isKey        whether the serde is for record keys (subject suffix {@code -key})
     * @param autoRegister register the schema on first use; when false, it must be registered already
     */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, SchemaRegistry registry,
            SubjectNameStrategy strategy, boolean isKey, boolean autoRegister) {
        return Serdes.serdeFrom(new AvroSpecificSerializer<T>(registry, strategy, isKey, autoRegister),
                new AvroSpecificDeserializer<>(type, registry));
    }

    /** A value serde with the topic-name strategy and auto-registration. */
    public static <T extends SpecificRecord> Serde<T> value(Class<T> type, SchemaRegistry registry) {
        return specific(type, registry, SubjectNameStrategy.TOPIC_NAME, false, true);
    }

    /** A serde built from Kafka-style properties (see the class comment); it owns its registry client. */
    public static <T extends SpecificRecord> Serde<T> configurable(Map<String, ?> configs, boolean isKey) {
        Serde<T> serde = Serdes.serdeFrom(new AvroSpecificSerializer<T>(), new AvroSpecificDeserializer<T>());
        serde.configure(configs, isKey);
        return serde;
    }

    /** The serde keys read from a Kafka-style property map. */
    record Settings(RegistryClientConfig client, SubjectNameStrategy strategy, boolean autoRegister,
            Class<?> keyType, Class<?> valueType) {

        static Settings from(Map<String, ?> configs) {
            Object strategyValue = configs.get(SUBJECT_NAME_STRATEGY);
            SubjectNameStrategy strategy;
            try {
                strategy = strategyValue == null ? SubjectNameStrategy.TOPIC_NAME
                        : SubjectNameStrategy.valueOf(strategyValue.toString().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SUBJECT_NAME_STRATEGY
                        + " must be topic_name, record_name or topic_record_name, was '" + strategyValue + "'", e);
            }
            Object auto = configs.get(AUTO_REGISTER);
            String autoText = auto == null ? "true" : auto.toString().trim().toLowerCase(Locale.ROOT);
            if (!autoText.equals("true") && !autoText.equals("false")) {
                throw new IllegalArgumentException(AUTO_REGISTER + " must be true or false, was '" + auto + "'");
            }
            return new Settings(RegistryClientConfig.fromMap(configs), strategy, Boolean.parseBoolean(autoText),
                    type(configs, KEY_TYPE), type(configs, VALUE_TYPE));
        }

        private static Class<?> type(Map<String, ?> configs, String key) {
            Object value = configs.get(key);
            if (value == null) {
                return null;
            }
            if (value instanceof Class<?> c) {
                return checked(c, key);
            }
            try {
                return checked(Class.forName(value.toString().trim(), true,
                        Thread.currentThread().getContextClassLoader()), key);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException(key + ": no class '" + value + "' on the classpath", e);
            }
        }

        private static Class<?> checked(Class<?> c, String key) {
            if (!SpecificRecord.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(key + ": " + c.getName() + " is not a generated Avro record");
            }
            return c;
        }
    }
}
