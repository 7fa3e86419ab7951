package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKeys;

class KafkaTimeoutsTest {
    @Test
    void shouldGiveTheLongestStudyRoomInOnePollRoundAndOneTransaction() {
        // Given the defaults: a 120 s budget, 3 DICOMweb attempts of 5 s connect + 15 s request + 10 s read
        KafkaTimeouts t = KafkaTimeouts.of(Config.of(Map.of()));

        // Then a study takes at most the budget and one request under way (with 2 backoffs of 5 s at most),
        // and Kafka Streams, which stops a round after half the poll interval, gets twice that plus 30 s
        assertThat(t.longestStudyMs()).isEqualTo(120_000 + 3 * 30_000 + 2 * 5_000);
        assertThat(t.maxPollIntervalMs()).isEqualTo(2 * 220_000 + 30_000).isEqualTo(t.transactionTimeoutMs());
        var streams = StreamsProperties.streams(Config.of(Map.of()));
        assertThat(streams.get(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)))
                .isEqualTo(470_000);
        assertThat(streams.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)))
                .isEqualTo(470_000);
    }

    @Test
    void shouldCountTheSrWriteBacksTwoRequestsAndStillFitTheBrokersLimitWithTheDefaults() {
        // Given the defaults with SR write-back on: it reads the study's metadata, then stores the SR
        KafkaTimeouts t = KafkaTimeouts.of(Config.of(Map.of(ConfigKeys.SR_WRITEBACK_ENABLED.name(), "true")));

        // Then the study holds two more requests at their longest, and the transaction stays under 15 min
        assertThat(t.longestStudyMs()).isEqualTo(120_000 + 3 * 100_000);
        assertThat(t.transactionTimeoutMs()).isEqualTo(2 * 420_000 + 30_000)
                .isLessThanOrEqualTo(KafkaTimeouts.BROKER_MAX_TRANSACTION_TIMEOUT_MS);
    }

    @Test
    void shouldStopStartUpWhenTheTransactionWouldOutliveTheBrokersLimit() {
        Config config = Config.of(Map.of(ConfigKeys.ANALYSIS_STUDY_BUDGET_MS.name(), "400000"));

        assertThatThrownBy(() -> KafkaTimeouts.of(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("analysis.study.budget.ms").hasMessageContaining("transaction.max.timeout.ms")
                .hasMessageContaining("kafka.client.transaction.timeout.ms");
    }

    @Test
    void shouldKeepAnExplicitTimeoutThatIsLongEnoughAndRefuseOneThatIsNot() {
        String transaction = ConfigKeys.KAFKA_PASSTHROUGH_PREFIX + "transaction.timeout.ms";
        String poll = ConfigKeys.KAFKA_PASSTHROUGH_PREFIX + "max.poll.interval.ms";
        Config raised = Config.of(Map.of(ConfigKeys.ANALYSIS_STUDY_BUDGET_MS.name(), "400000",
                transaction, "1800000", poll, "1800000"));
        Config tooShort = Config.of(Map.of(poll, "400000"));

        assertThat(KafkaTimeouts.of(raised).transactionTimeoutMs()).isEqualTo(1_800_000);
        assertThatThrownBy(() -> KafkaTimeouts.of(tooShort)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.client.max.poll.interval.ms = 400000 is shorter than the 470000 ms");
    }
}
