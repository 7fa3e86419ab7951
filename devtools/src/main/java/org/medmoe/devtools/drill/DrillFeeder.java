package org.medmoe.devtools.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.medmoe.app.config.Config;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamService;
import org.medmoe.app.service.StreamsProperties;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;

/**
 * Feeds the drill's study events to the input topic at a steady rate on a thread of its own, each
 * acknowledged before it counts as fed. Thread-safe: the drill reads what was fed while it feeds.
 */
final class DrillFeeder {
    /** One event and the revision it stands for. */
    record Fed(StudyEvent event, DrillCheck.Revision revision) {
    }

    private final List<DrillCheck.Revision> fed = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Throwable failure;


    private DrillFeeder(Config config, SchemaRegistry registry, List<Fed> events, double perSecond) {
        this.thread = new Thread(() -> feed(config, registry, events, perSecond), "drill-feeder");
        this.thread.setDaemon(true);
    }

    /** Starts feeding {@code events}, {@code perSecond} a second. */
    static DrillFeeder start(Config config, SchemaRegistry registry, List<Fed> events, double perSecond) {
        DrillFeeder feeder = new DrillFeeder(config, registry, events, perSecond);
        feeder.thread.start();
        return feeder;
    }

    private void feed(Config config, SchemaRegistry registry, List<Fed> events, double perSecond) {
        String topic = StreamService.topicNames(config).studyEvents();
        Serializer<StudyEvent> serializer = RegistryWiring.serdes(config, registry).valueSerde(StudyEvent.class)
                .serializer();
        var props = StreamsProperties.client(config);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events.size(); i++) {
                long due = start + Math.round(i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Fed e = events.get(i);
                producer.send(new ProducerRecord<>(topic, e.revision().study(),
                        serializer.serialize(topic, e.event()))).get();
                fed.add(e.revision());
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Waits until every event was fed, or feeding failed. */
    void await() throws InterruptedException {
        thread.join();
    }

    /** True once every event was fed, or feeding failed. */
    boolean isDone() {
        return !thread.isAlive();
    }

    /** The revisions fed so far; throws if feeding failed. */
    List<DrillCheck.Revision> fed() {
        if (failure != null) {
            throw new IllegalStateException("feeding the drill's events failed: " + failure, failure);
        }
        return new ArrayList<>(fed);
    }
}
