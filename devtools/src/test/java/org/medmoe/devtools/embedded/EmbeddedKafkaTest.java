package org.medmoe.devtools.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class EmbeddedKafkaTest {

    @Test
    void shouldStartABrokerThatCreatesTopicsAndRemoveItsFolderOnClose() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(new PrintStream(progress, true, StandardCharsets.UTF_8))) {
            dir = kafka.directory();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t1", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertThat(topicsOnceListed(admin, "t1")).contains("t1");
            }
            assertThat(Files.isDirectory(dir)).isTrue();
        }
        assertThat(Files.exists(dir)).isFalse();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("kafka: starting").contains("kafka: ready at 127.0.0.1:");
    }

    /**
     * The topic names the broker lists, once they include {@code topic} or after 30 seconds: a created
     * topic reaches the broker's metadata a moment after the controller has acknowledged it.
     */
    private static Set<String> topicsOnceListed(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        while (!names.contains(topic) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
            names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
        return names;
    }
}
