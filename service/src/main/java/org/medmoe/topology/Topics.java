package org.medmoe.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;

/**
 * The topics of the pipeline with their serdes.
 *
 * <p>Inputs are read as raw bytes so that a record that cannot be decoded becomes a dead letter
 * with its original bytes, instead of stopping the stream; {@code studyEventSerde} decodes them.
 */
public record Topics(
        Topic<byte[], byte[]> studyEventsRaw,
        Serde<StudyEvent> studyEventSerde,
        Topic<String, StudyEvent> accepted,
        Topic<String, StudyFindings> findings,
        Topic<String, TriageDecision> triage,
        Topic<String, ReportDraft> reportDrafts,
        Topic<String, DeadLetter> deadLetters) {

    /** A factory of value serdes for the generated Avro record types (backed by the schema registry). */
    @FunctionalInterface
    public interface SerdeFactory {
        <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type);
    }

    /** Topics named by configuration, with serdes from {@code serdes}. */
    public static Topics of(TopicNames names, SerdeFactory serdes) {
        return new Topics(
                new Topic<>(names.studyEvents(), Serdes.ByteArray(), Serdes.ByteArray()),
                serdes.valueSerde(StudyEvent.class),
                new Topic<>(names.accepted(), Serdes.String(), serdes.valueSerde(StudyEvent.class)),
                new Topic<>(names.findings(), Serdes.String(), serdes.valueSerde(StudyFindings.class)),
                new Topic<>(names.triage(), Serdes.String(), serdes.valueSerde(TriageDecision.class)),
                new Topic<>(names.reportDrafts(), Serdes.String(), serdes.valueSerde(ReportDraft.class)),
                new Topic<>(names.deadLetters(), Serdes.String(), serdes.valueSerde(DeadLetter.class)));
    }
}
