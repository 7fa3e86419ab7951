package org.medmoe.devtools.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.medmoe.app.service.StreamService;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;
import org.medmoe.topology.TopicNames;
import org.medmoe.topology.Topics;

/**
 * Publishes the demo's inputs and reads the outputs back (committed records only), printing a
 * progress line per study; publishes the late series once the first revision of its study is out.
 */
final class DemoSession {
    private final String bootstrap;
    private final TopicNames topics;
    private final Serde<StudyEvent> events;
    private final Serde<StudyFindings> findings;
    private final Serde<TriageDecision> triage;
    private final Serde<ReportDraft> drafts;
    private final Serde<DeadLetter> letters;
    private final PrintWriter out;
    private final List<Long> offsets = new ArrayList<>();
    private DemoCase late;
    private Map<String, String> abbreviations = Map.of();

    DemoSession(String bootstrap, TopicNames topics, Topics.SerdeFactory serdes, PrintWriter out) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.events = serdes.valueSerde(StudyEvent.class);
        this.findings = serdes.valueSerde(StudyFindings.class);
        this.triage = serdes.valueSerde(TriageDecision.class);
        this.drafts = serdes.valueSerde(ReportDraft.class);
        this.letters = serdes.valueSerde(DeadLetter.class);
        this.out = out;
    }

    /** Offsets on the events topic of the cases, in order (the late series last). */
    List<Long> offsets() {
        return offsets;
    }

    /** The late series' case, once it has been made. */
    DemoCase late() {
        return late;
    }

    /**
     * Publishes {@code cases}, then, once the first case's study has its results, the case that
     * {@code lateSeries} makes (a new revision of that study), and reads results until all are in.
     */
    DemoOutcomes run(List<DemoCase> cases, java.util.concurrent.Callable<DemoCase> lateSeries, Duration timeout,
            StreamService service) throws Exception {
        String lateStudy = cases.get(0).key();
        abbreviations = abbreviations(cases.stream().map(DemoCase::key).toList());
        DemoOutcomes outcomes = new DemoOutcomes();
        long expectedLetters = cases.stream().filter(c -> c.expect() == DemoCase.Expect.DEAD_LETTER).count();
        try (KafkaProducer<String, byte[]> producer = producer(); KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topics.findings(), topics.triage(), topics.reportDrafts(), topics.deadLetters()));
            for (DemoCase c : cases) {
                offsets.add(send(producer, c));
            }
            out.printf("published %d study events to %s; analysing ...%n", cases.size(), topics.studyEvents());
            out.flush();
            boolean lateSent = false;
            long deadline = System.nanoTime() + timeout.toNanos();
            java.util.Set<String> shown = new java.util.HashSet<>();
            while (!allIn(cases, late, outcomes, expectedLetters) && System.nanoTime() < deadline
                    && !service.hasFailed()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    read(r, outcomes);
                }
                progress(cases, late, outcomes, shown);
                DemoOutcomes.Published first = outcomes.get(lateStudy, 1);
                if (!lateSent && first != null && first.complete()) {
                    late = lateSeries.call();
                    offsets.add(send(producer, late));
                    lateSent = true;
                    out.printf("  a late series arrived for study %s: published revision 2%n", short_(lateStudy));
                    out.flush();
                }
            }
            progress(cases, late, outcomes, shown);
        }
        if (offsets.size() == cases.size()) {
            offsets.add(-1L);
        }
        return outcomes;
    }

    /**
     * True once every case has its outcome: findings for the sample studies and the late series (once
     * sent), the expected number of dead letters for the wrong inputs, and for each of the user's
     * studies its findings or a dead letter (whose reason says why), whichever comes.
     */
    static boolean allIn(List<DemoCase> cases, DemoCase late, DemoOutcomes outcomes, long expectedLetters) {
        java.util.Set<String> userStudies = new java.util.HashSet<>();
        for (DemoCase c : cases) {
            if (c.expect() == DemoCase.Expect.FINDINGS_OR_DEAD_LETTER) {
                userStudies.add(c.key());
                if (!complete(c, outcomes) && outcomes.letterFor(c.key(), null) == null) {
                    return false;
                }
            } else if (c.expect() == DemoCase.Expect.FINDINGS && !complete(c, outcomes)) {
                return false;
            }
        }
        long letters = outcomes.deadLetters().stream()
                .filter(d -> !userStudies.contains(d.getStudyInstanceUid())).count();
        return letters >= expectedLetters && late != null && complete(late, outcomes);
    }

    private static boolean complete(DemoCase c, DemoOutcomes outcomes) {
        DemoOutcomes.Published p = outcomes.get(c.key(), c.event().getRevision());
        return p != null && p.complete();
    }

    /** Prints a line for each study whose outcome arrived since the last call. */
    private void progress(List<DemoCase> cases, DemoCase late, DemoOutcomes outcomes, java.util.Set<String> shown) {
        List<DemoCase> all = new ArrayList<>(cases);
        if (late != null) {
            all.add(late);
        }
        for (DemoCase c : all) {
            if (c.event() == null || c.expect() == DemoCase.Expect.DROPPED) {
                continue;
            }
            String id = c.key() + "@" + c.event().getRevision();
            if (shown.contains(id)) {
                continue;
            }
            DemoOutcomes.Published p = outcomes.get(c.key(), c.event().getRevision());
            DeadLetter d = outcomes.letterFor(c.key(), null);
            if (p != null && p.complete()) {
                shown.add(id);
                out.println(String.format("  study %s rev %d (%s): findings %s, triage %s, %d image(s)", short_(c.key()),
                        c.event().getRevision(), c.description(), p.findings.getStatus().getCode(),
                        p.triage.getPriority(), p.findings.getImages().size()));
            } else if (d != null && (c.expect() == DemoCase.Expect.DEAD_LETTER
                    || c.expect() == DemoCase.Expect.FINDINGS_OR_DEAD_LETTER)) {
                shown.add(id);
                out.println(String.format("  study %s (%s): dead letter %s at %s", short_(c.key()), c.description(),
                        d.getReason(), d.getStage()));
            }
        }
        out.flush();
    }

    private void read(ConsumerRecord<String, byte[]> r, DemoOutcomes outcomes) {
        if (r.topic().equals(topics.findings())) {
            outcomes.findings(findings.deserializer().deserialize(r.topic(), r.value()));
        } else if (r.topic().equals(topics.triage())) {
            outcomes.triage(triage.deserializer().deserialize(r.topic(), r.value()));
        } else if (r.topic().equals(topics.reportDrafts())) {
            outcomes.draft(drafts.deserializer().deserialize(r.topic(), r.value()));
        } else {
            outcomes.deadLetter(letters.deserializer().deserialize(r.topic(), r.value()));
        }
    }

    private long send(KafkaProducer<String, byte[]> producer, DemoCase c) throws Exception {
        // The event time is when it is published: latency is measured from there.
        byte[] value = c.value(e -> events.serializer().serialize(topics.studyEvents(),
                StudyEvent.newBuilder(e).setEventTime(java.time.Instant.now()).build()));
        return producer.send(new ProducerRecord<>(topics.studyEvents(), c.key(), value)).get().offset();
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "medmoe-demo-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Short names for {@code uids} in progress lines: the last characters of each UID, as many as it
     * takes (11 at least) for no two of them to look the same.
     */
    static Map<String, String> abbreviations(Collection<String> uids) {
        List<String> distinct = uids.stream().filter(java.util.Objects::nonNull).distinct().toList();
        int longest = distinct.stream().mapToInt(String::length).max().orElse(0);
        for (int n = 11; n < longest; n++) {
            Map<String, String> out = new HashMap<>();
            for (String uid : distinct) {
                out.put(uid, uid.length() <= n + 3 ? uid : "..." + uid.substring(uid.length() - n));
            }
            if (new HashSet<>(out.values()).size() == distinct.size()) {
                return out;
            }
        }
        Map<String, String> whole = new HashMap<>();
        distinct.forEach(uid -> whole.put(uid, uid));
        return whole;
    }

    private String short_(String uid) {
        return uid == null ? "-" : abbreviations.getOrDefault(uid, uid);
    }
}
