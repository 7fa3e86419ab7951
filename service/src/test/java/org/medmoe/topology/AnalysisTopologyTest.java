package org.medmoe.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.SrWriteBack;
import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.findings.DraftResult;
import org.medmoe.findings.ModelProvenance;
import org.medmoe.findings.StudyResult;
import org.medmoe.findings.TriageResult;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;

/** The analysis stage with a fake analysis: fan-out to three topics, supersedes, idempotence, dead letters. */
class AnalysisTopologyTest {
    static final String STUDY = IntakeTopologyTest.STUDY;
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final List<Long> supersedesSeen = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<String, StudyFindings> findings;
    private TestOutputTopic<String, TriageDecision> triage;
    private TestOutputTopic<String, ReportDraft> drafts;
    private TestOutputTopic<String, DeadLetter> letters;
    private Serde<StudyEvent> eventSerde;

    StudyAnalyzer.Result fake(StudyEvent e, Long supersedes) throws AnalysisException {
        supersedesSeen.add(supersedes);
        if (e.getModalities().contains("MR")) {
            throw new AnalysisException("fetch", ReasonCode.PACS_UNREACHABLE, "PACS down", null);
        }
        ModelProvenance p = new ModelProvenance("m", "1", "phi2", Map.of(), "CPU", "core", "1", "t");
        StudyResult f = new StudyResult(e.getStudyInstanceUid(), e.getRevision(), supersedes, null, e.getModalities(),
                null, e.getEventTime(), List.of(), List.of(), List.of(), Map.of(), p, Map.of(), e.getEventTime());
        TriageResult t = new TriageResult(TriageResult.Priority.ROUTINE, 0, List.of(), e.getEventTime(),
                e.getEventTime());
        DraftResult d = new DraftResult("b", List.of(), "b", e.getEventTime());
        return new StudyAnalyzer.Result(f, t, d);
    }

    /** The SR write-back of this test: records what it is asked to store, fails for CR studies. */
    Optional<String> writeBack(StudyEvent e, StudyResult f) throws AnalysisException {
        written.add(f.studyInstanceUid() + "@" + f.revision());
        if (e.getModalities().contains("CR")) {
            throw new AnalysisException(SrWriteBack.STAGE, ReasonCode.PACS_UNREACHABLE, "STOW-RS refused", null);
        }
        return Optional.of("2.25.1");
    }

    @BeforeEach
    void start() {
        TopologyDeps base = IntakeTopologyTest.deps(registry, this::fake);
        driver = new TopologyTestDriver(MedMoeTopology.build(new TopologyDeps(base.topics(), base.validator(),
                base.analysis(), this::writeBack, base.clock(), base.streamsProperties(), OutcomeListener.NONE)), IntakeTopologyTest.props());
        TopicNames names = TopicNames.defaults();
        eventSerde = AvroSerdes.value(StudyEvent.class, registry);
        events = driver.createInputTopic(names.studyEvents(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        findings = driver.createOutputTopic(names.findings(), Serdes.String().deserializer(),
                AvroSerdes.value(StudyFindings.class, registry).deserializer());
        triage = driver.createOutputTopic(names.triage(), Serdes.String().deserializer(),
                AvroSerdes.value(TriageDecision.class, registry).deserializer());
        drafts = driver.createOutputTopic(names.reportDrafts(), Serdes.String().deserializer(),
                AvroSerdes.value(ReportDraft.class, registry).deserializer());
        letters = driver.createOutputTopic(names.deadLetters(), Serdes.String().deserializer(),
                AvroSerdes.value(DeadLetter.class, registry).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(StudyEvent e) {
        events.pipeInput(e.getStudyInstanceUid().getBytes(StandardCharsets.UTF_8),
                eventSerde.serializer().serialize("pacs.study.events", e));
    }

    @Test
    void shouldPublishFindingsTriageAndDraftKeyedByStudy() {
        send(IntakeTopologyTest.event(STUDY, 1, "CT"));

        assertThat(findings.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(STUDY);
            assertThat(kv.value.getRevision()).isEqualTo(1L);
            assertThat(kv.value.getSupersedesRevision()).isNull();
        });
        assertThat(triage.readValuesToList()).hasSize(1);
        assertThat(drafts.readValuesToList()).hasSize(1);
        assertThat(letters.isEmpty()).isTrue();
    }

    @Test
    void shouldSayWhichRevisionANewRevisionSupersedes() {
        send(IntakeTopologyTest.event(STUDY, 1, "CT"));
        send(IntakeTopologyTest.event(STUDY, 4, "CT"));

        assertThat(findings.readValuesToList()).extracting(StudyFindings::getSupersedesRevision).containsExactly(null, 1L);
        assertThat(supersedesSeen).containsExactly(null, 1L);
    }

    @Test
    void shouldAnalyseEachAcceptedRevisionOnceWithoutReadingTheAcceptedTopic() {
        StudyEvent e = IntakeTopologyTest.event(STUDY, 1, "CT");
        send(e);
        send(e);
        // the accepted topic is an output for audit; nothing in the topology reads it
        assertThat(driver.producedTopicNames()).contains("medmoe.study.accepted");
        assertThat(MedMoeTopology.build(IntakeTopologyTest.deps(registry, this::fake)).describe().subtopologies())
                .singleElement().satisfies(sub -> assertThat(sub.nodes()).noneMatch(n ->
                        n instanceof org.apache.kafka.streams.TopologyDescription.Source s
                                && s.topicSet().contains("medmoe.study.accepted")));

        assertThat(findings.readValuesToList()).hasSize(1);
        assertThat(supersedesSeen).hasSize(1);
    }

    @Test
    void shouldDeadLetterAStudyThatCannotBeAnalysedWithStageAndReason() {
        send(IntakeTopologyTest.event(STUDY, 1, "MR"));

        assertThat(letters.readValuesToList()).singleElement().satisfies(l -> {
            assertThat(l.getReason()).isEqualTo(ReasonCode.PACS_UNREACHABLE);
            assertThat(l.getStage()).isEqualTo("fetch");
            assertThat(l.getStudyInstanceUid()).isEqualTo(STUDY);
            assertThat(l.getOriginalTopic()).as("the input record, replayable").isEqualTo("pacs.study.events");
            assertThat(l.getOffset()).isEqualTo(0L);
            assertThat(eventSerde.deserializer().deserialize("pacs.study.events", l.getValue().array())
                    .getStudyInstanceUid()).isEqualTo(STUDY);
        });
        assertThat(findings.isEmpty()).isTrue();
        // the failed revision was not published: a later one supersedes nothing
        send(IntakeTopologyTest.event(STUDY, 2, "CT"));
        assertThat(findings.readValue().getSupersedesRevision()).isNull();
    }

    @Test
    void shouldWriteTheSrBackForEachPublishedRevision() {
        send(IntakeTopologyTest.event(STUDY, 1, "CT"));

        assertThat(written).containsExactly(STUDY + "@1");
        assertThat(findings.readValuesToList()).hasSize(1);
        assertThat(letters.isEmpty()).isTrue();
    }

    @Test
    void shouldPublishTheFindingsAndDeadLetterTheWriteBackWhenTheSrCannotBeStored() {
        send(IntakeTopologyTest.event(STUDY, 1, "CR"));

        assertThat(findings.readValuesToList()).singleElement()
                .satisfies(f -> assertThat(f.getRevision()).isEqualTo(1L));
        assertThat(triage.readValuesToList()).hasSize(1);
        assertThat(drafts.readValuesToList()).hasSize(1);
        assertThat(letters.readValuesToList()).singleElement().satisfies(l -> {
            assertThat(l.getStage()).isEqualTo("sr-writeback");
            assertThat(l.getReason()).isEqualTo(ReasonCode.PACS_UNREACHABLE);
            assertThat(l.getStudyInstanceUid()).isEqualTo(STUDY);
            assertThat(l.getRevision()).isEqualTo(1L);
            assertThat(l.getOriginalTopic()).isEqualTo("pacs.study.events");
        });
    }

    @Test
    void shouldNotWriteBackAStudyThatWasDeadLettered() {
        send(IntakeTopologyTest.event(STUDY, 1, "MR"));

        assertThat(written).isEmpty();
        assertThat(letters.readValuesToList()).extracting(DeadLetter::getStage).containsExactly("fetch");
    }
}
