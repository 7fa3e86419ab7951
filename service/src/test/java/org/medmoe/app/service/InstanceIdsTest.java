package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKeys;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

class InstanceIdsTest {
    private static final String GROUP_INSTANCE_ID = StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    @Test
    void shouldDeriveOneIdPerHostAndStateFolder() {
        String a = InstanceIds.derived("Node-1", "/var/lib/medmoe/a");

        assertThat(a).matches("node-1-[0-9a-f]{8}");
        assertThat(InstanceIds.derived("Node-1", "/var/lib/medmoe/a")).isEqualTo(a);
        assertThat(InstanceIds.derived("Node-1", "/var/lib/medmoe/b")).isNotEqualTo(a);
        assertThat(InstanceIds.derived("node-2", "/var/lib/medmoe/a")).isNotEqualTo(a);
    }

    @Test
    void shouldMakeStreamsStaticMembersUnlessTheConfigurationSaysNone() {
        Config auto = Config.of(Map.of(ConfigKeys.KAFKA_STATE_DIR.name(), "/var/lib/medmoe/a"));
        Config named = Config.of(Map.of(ConfigKeys.KAFKA_INSTANCE_ID.name(), "medmoe-1"));
        Config none = Config.of(Map.of(ConfigKeys.KAFKA_INSTANCE_ID.name(), "none"));

        assertThat(StreamsProperties.streams(auto).getProperty(GROUP_INSTANCE_ID)).matches(".+-[0-9a-f]{8}");
        assertThat(StreamsProperties.streams(named).getProperty(GROUP_INSTANCE_ID)).isEqualTo("medmoe-1");
        assertThat(StreamsProperties.streams(none)).doesNotContainKey(GROUP_INSTANCE_ID);
    }

    @Test
    void shouldRefuseAnIdKafkaCannotUseWithTheKeyInTheMessage() {
        Config bad = Config.of(Map.of(ConfigKeys.KAFKA_INSTANCE_ID.name(), "two words"));

        assertThatThrownBy(() -> StreamsProperties.streams(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.instance.id = 'two words'");
    }
}
