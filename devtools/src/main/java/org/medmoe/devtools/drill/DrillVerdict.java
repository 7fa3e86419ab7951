package org.medmoe.devtools.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
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

    /**
     * The check once no revision is missing; or the last one when none has come for {@code quiet}, or
     * when {@code cap} has passed (the instances may still be working through a backlog when the feed
     * ends, so a fixed wait would call slow revisions lost).
     */
    static DrillCheck await(Config config, SchemaRegistry registry, List<DrillCheck.Revision> fed,
            Map<DrillCheck.Revision, String> expectedLetters, Duration quiet, Duration cap)
            throws InterruptedException {
        long start = System.nanoTime();
        long progressed = start;
        DrillCheck check = check(config, registry, fed, expectedLetters);
        while ((check.lost() > 0 || check.wrong() > 0) && System.nanoTime() - progressed < quiet.toNanos()
                && System.nanoTime() - start < cap.toNanos()) {
            Thread.sleep(2000);
            DrillCheck next = check(config, registry, fed, expectedLetters);
            if (next.lost() < check.lost() || next.wrong() < check.wrong()) {
                progressed = System.nanoTime();
            }
            check = next;
        }
        return check;
    }

    static DrillCheck check(Config config, SchemaRegistry registry, List<DrillCheck.Revision> fed,
            Map<DrillCheck.Revision, String> expectedLetters) {
        TopicNames names = StreamService.topicNames(config);
        TopicReader reader = new TopicReader(StreamsProperties.client(config), registry);
        List<DrillCheck.Letter> letters = new ArrayList<>();
        read(reader, names.deadLetters(), value -> letters.add(new DrillCheck.Letter(revision(value),
                value.path("reason").asText(null))));
        return DrillCheck.of(fed, expectedLetters, revisions(reader, names.findings()),
                revisions(reader, names.triage()), revisions(reader, names.reportDrafts()), letters);
    }

    private static List<DrillCheck.Revision> revisions(TopicReader reader, String topic) {
        List<DrillCheck.Revision> out = new ArrayList<>();
        read(reader, topic, value -> out.add(revision(value)));
        return out;
    }

    private static void read(TopicReader reader, String topic, Consumer<JsonNode> values) {
        reader.read(new ReadOptions(topic, true, false, null, 0, Duration.ofSeconds(30)),
                line -> values.accept(line.path("value")));
    }

    private static DrillCheck.Revision revision(JsonNode value) {
        return new DrillCheck.Revision(value.path("studyInstanceUid").asText(null), value.path("revision").asLong(-1));
    }

    /**
     * {@code 12.3 revisions/s}: the findings published over the time from the first to the last of
     * them ({@code producedAt}), start-up excluded; or {@code not measured} with fewer than two.
     */
    static String throughput(Config config, SchemaRegistry registry) {
        TopicReader reader = new TopicReader(StreamsProperties.client(config), registry);
        List<Instant> produced = new ArrayList<>();
        read(reader, StreamService.topicNames(config).findings(), value -> {
            JsonNode at = value.path("producedAt");
            produced.add(at.isNumber() ? Instant.ofEpochMilli(at.asLong()) : Instant.parse(at.asText()));
        });
        if (produced.size() < 2) {
            return "not measured";
        }
        Instant first = produced.stream().min(Instant::compareTo).orElseThrow();
        Instant last = produced.stream().max(Instant::compareTo).orElseThrow();
        double seconds = Math.max(1, Duration.between(first, last).toMillis()) / 1e3;
        return String.format(Locale.ROOT, "%.1f revisions/s", (produced.size() - 1) / seconds);
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
