package org.medmoe.devtools.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medmoe.app.config.Config;
import org.medmoe.app.service.StreamService;
import org.medmoe.app.service.StreamsProperties;
import org.medmoe.app.topics.ReadOptions;
import org.medmoe.app.topics.TopicReader;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.topology.TopicNames;

/**
 * Reads the drill's output topics from the start, committed records only ({@link TopicReader}), and
 * checks them ({@link DrillCheck}) until nothing is missing or the time is up. Stateless.
 */
final class DrillVerdict {
    private DrillVerdict() {
    }

    /** The check once no revision is missing, or the last one when {@code timeout} has passed. */
    static DrillCheck await(Config config, SchemaRegistry registry, List<DrillCheck.Revision> fed, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        DrillCheck check = check(config, registry, fed);
        while (check.lost() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            check = check(config, registry, fed);
        }
        return check;
    }

    static DrillCheck check(Config config, SchemaRegistry registry, List<DrillCheck.Revision> fed) {
        TopicNames names = StreamService.topicNames(config);
        TopicReader reader = new TopicReader(StreamsProperties.client(config), registry);
        return DrillCheck.of(fed, read(reader, names.findings()), read(reader, names.triage()),
                read(reader, names.reportDrafts()), read(reader, names.deadLetters()));
    }

    private static List<DrillCheck.Revision> read(TopicReader reader, String topic) {
        List<DrillCheck.Revision> out = new ArrayList<>();
        reader.read(new ReadOptions(topic, true, false, null, 0, Duration.ofSeconds(30)), line -> {
            JsonNode value = line.path("value");
            out.add(new DrillCheck.Revision(value.path("studyInstanceUid").asText(null),
                    value.path("revision").asLong(-1)));
        });
        return out;
    }

    /** {@code p50 4.1 s max 9.8 s} of the failover times, or {@code none measured}. */
    static String figures(List<Double> seconds) {
        if (seconds.isEmpty()) {
            return "none measured";
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        return String.format(Locale.ROOT, "p50 %.1f s max %.1f s", sorted.get((sorted.size() - 1) / 2),
                sorted.get(sorted.size() - 1));
    }
}
