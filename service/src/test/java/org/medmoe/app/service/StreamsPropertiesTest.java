package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;

/** The Streams properties the service runs with: the commit interval's own key. */
class StreamsPropertiesTest {

    @Test
    void shouldCommitEvery100MillisecondsByDefault() {
        // Given no commit interval in the configuration
        Config config = Config.of(Map.of());
        // When the Streams properties are built
        Properties p = StreamsProperties.streams(config);
        // Then each stream thread commits every 100 ms, Kafka Streams' exactly-once default
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void shouldTakeTheCommitIntervalFromItsKey() {
        // Given a commit interval of 1000 ms
        Config config = Config.of(Map.of("kafka.commit.interval.ms", "1000"));
        // When the Streams properties are built, Then Streams gets it
        assertThat(StreamsProperties.streams(config).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1000L);
    }

    @Test
    void shouldRefuseANegativeCommitIntervalNamingTheKey() {
        // Given a negative commit interval, When the configuration is loaded (before Streams is made),
        // Then the error names the key and the value
        assertThatThrownBy(() -> Config.of(Map.of("kafka.commit.interval.ms", "-5"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.commit.interval.ms = '-5'").hasMessageContaining("at least 0");
    }

    @Test
    void shouldRefuseTheCommitIntervalAsAPassThroughProperty() {
        // Given the commit interval passed through as a raw client property, which its own key would override
        Config config = Config.of(Map.of("kafka.client.commit.interval.ms", "50"));
        // When the Streams properties are built, Then the error says which key to set instead
        assertThatThrownBy(() -> StreamsProperties.streams(config)).isInstanceOf(ConfigException.class)
                .hasMessage("kafka.client.commit.interval.ms is not used: set kafka.commit.interval.ms instead");
    }

    @Test
    void shouldKeepTheCoordinatorConnectionLongerThanTheLongestGapBetweenPolls() {
        // Given a study budget that stretches the poll interval beyond Kafka's idle-connection default
        Config config = Config.of(Map.of("analysis.study.budget.ms", "300000"));
        long poll = KafkaTimeouts.of(config).maxPollIntervalMs();
        assertThat(poll).as("beyond Kafka's 9-minute idle-connection default").isGreaterThan(540_000L);
        // When the Streams properties are built
        Properties p = StreamsProperties.streams(config);
        // Then the consumers' connections stay open a minute longer than the poll interval
        assertThat(p.get(StreamsConfig.consumerPrefix("max.poll.interval.ms"))).isEqualTo((int) poll);
        assertThat(p.get(StreamsConfig.consumerPrefix("connections.max.idle.ms"))).isEqualTo(poll + 60_000L);
    }
}
