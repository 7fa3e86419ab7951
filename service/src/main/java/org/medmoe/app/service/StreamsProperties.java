package org.medmoe.app.service;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKey;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.topology.MedMoeTopology;

/** Kafka client and Streams properties from the service configuration. */
public final class StreamsProperties {
    private StreamsProperties() {
    }

    /** Client properties shared by Streams, producers and admin clients: bootstrap servers and security. */
    public static Properties client(Config config) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.string(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS));
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, config.string(ConfigKeys.KAFKA_SECURITY_PROTOCOL));
        putIfSet(p, config, ConfigKeys.KAFKA_SSL_TRUSTSTORE_LOCATION, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        putIfSet(p, config, ConfigKeys.KAFKA_SSL_TRUSTSTORE_PASSWORD, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        putIfSet(p, config, ConfigKeys.KAFKA_SSL_KEYSTORE_LOCATION, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        putIfSet(p, config, ConfigKeys.KAFKA_SSL_KEYSTORE_PASSWORD, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
        putIfSet(p, config, ConfigKeys.KAFKA_SSL_KEY_PASSWORD, SslConfigs.SSL_KEY_PASSWORD_CONFIG);
        putIfSet(p, config, ConfigKeys.KAFKA_SASL_MECHANISM, SaslConfigs.SASL_MECHANISM);
        putIfSet(p, config, ConfigKeys.KAFKA_SASL_JAAS_CONFIG, SaslConfigs.SASL_JAAS_CONFIG);
        for (Map.Entry<String, String> e : config.withPrefix(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX).entrySet()) {
            p.put(e.getKey(), e.getValue());
        }
        return p;
    }

    /** Kafka Streams properties: exactly-once v2, explicit naming, and the client properties. */
    public static Properties streams(Config config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.string(ConfigKeys.KAFKA_APPLICATION_ID));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.integer(ConfigKeys.KAFKA_STREAM_THREADS));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval(config));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.integer(ConfigKeys.KAFKA_REPLICATION_FACTOR));
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        config.optionalString(ConfigKeys.KAFKA_STATE_DIR).ifPresent(dir -> p.put(StreamsConfig.STATE_DIR_CONFIG, dir));
        int deaths = config.integer(ConfigKeys.ERRORS_POISON_RECORD_DEATHS);
        if (deaths < 0) {
            throw new ConfigException(ConfigKeys.ERRORS_POISON_RECORD_DEATHS.name() + " = " + deaths
                    + " is not valid: expected 0 (never quarantine) or more");
        }
        p.put(MedMoeTopology.POISON_DEATHS_CONFIG, deaths);
        // Static membership: Kafka Streams suffixes the id with each stream thread's index.
        InstanceIds.of(config).ifPresent(id -> p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                id));
        // A study is analysed inside one poll loop and one transaction: give both room for the
        // longest study (KafkaTimeouts; docs/adr/0004-stream-threads-and-the-dynamic-batcher.md), so a
        // large study causes no rebalance and no aborted transaction.
        KafkaTimeouts timeouts = KafkaTimeouts.of(config);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
                (int) Math.min(Integer.MAX_VALUE, timeouts.maxPollIntervalMs()));
        // The coordinator connection outlives the longest gap between polls (else the consumer warns, per
        // client, that a rebalance may be disrupted).
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG),
                Math.min(Integer.MAX_VALUE, timeouts.maxPollIntervalMs()) + 60_000L);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) Math.min(Integer.MAX_VALUE, timeouts.transactionTimeoutMs()));
        Properties client = client(config);
        client.forEach(p::putIfAbsent);
        return p;
    }

    /** The commit interval, from its own key only (a pass-through of it would be ignored, so it is refused). */
    private static long commitInterval(Config config) {
        String passThrough = ConfigKeys.KAFKA_PASSTHROUGH_PREFIX + StreamsConfig.COMMIT_INTERVAL_MS_CONFIG;
        if (config.withPrefix(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX).containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)) {
            throw new ConfigException(passThrough + " is not used: set " + ConfigKeys.KAFKA_COMMIT_INTERVAL_MS.name()
                    + " instead");
        }
        return config.longValue(ConfigKeys.KAFKA_COMMIT_INTERVAL_MS); // at least 0: its key's validator
    }

    private static void putIfSet(Properties p, Config config, ConfigKey key, String property) {
        config.optionalString(key).ifPresent(v -> p.put(property, v));
    }
}
