package org.medmoe.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.devtools.bench.serde.SampleRecords;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;

/**
 * When the demo stops waiting, and what it shows: a study of the user's folder that ends as a dead
 * letter with its reason has its outcome (no waiting out the timeout); progress lines name studies
 * by abbreviations that differ.
 */
class DemoSessionTest {
    private static final String SAMPLE = "2.25.111111111111111111111";
    private static final String USERS = "1.3.6.1.4.1.5962.1.2.0.977067309.6001.0";

    private static DemoCase sample(long revision) {
        return new DemoCase("sample CT", SAMPLE, SampleEvents.fileEvent(SAMPLE, revision, "CT", Path.of("studies"),
                Instant.EPOCH), null, DemoCase.Expect.FINDINGS, null, null);
    }

    private static DemoCase users() {
        return new DemoCase("your CT study (1 file(s))", USERS, SampleEvents.fileEvent(USERS, 1, "CT",
                Path.of("mine"), Instant.EPOCH), null, DemoCase.Expect.FINDINGS_OR_DEAD_LETTER, null, null);
    }

    private static void publish(DemoOutcomes outcomes, String study, int revision) {
        outcomes.findings(StudyFindings.newBuilder(SampleRecords.studyFindings()).setStudyInstanceUid(study)
                .setRevision(revision).build());
        outcomes.triage(TriageDecision.newBuilder(SampleRecords.triageDecision()).setStudyInstanceUid(study)
                .setRevision(revision).build());
        outcomes.draft(ReportDraft.newBuilder(SampleRecords.reportDraft()).setStudyInstanceUid(study)
                .setRevision(revision).build());
    }

    private static DeadLetter letter(String study, ReasonCode reason) {
        return DeadLetter.newBuilder(SampleRecords.deadLetter()).setStudyInstanceUid(study).setReason(reason)
                .setStage("plan").setMessage("the study has no image the model can read").build();
    }

    @Test
    void shouldTakeADeadLetterAsTheOutcomeOfTheUsersStudy() {
        // Given the sample study and its late series done, and one expected dead letter in
        DemoOutcomes outcomes = new DemoOutcomes();
        publish(outcomes, SAMPLE, 1);
        publish(outcomes, SAMPLE, 2);
        outcomes.deadLetter(letter("1.2.826.0.1.3680043.00099x", ReasonCode.BAD_EVENT));
        List<DemoCase> cases = List.of(sample(1), users());
        // When nothing has come for the user's study, Then the demo goes on waiting
        assertThat(DemoSession.allIn(cases, sample(2), outcomes, 1)).isFalse();

        // When its dead letter arrives, Then every input has its outcome
        outcomes.deadLetter(letter(USERS, ReasonCode.DICOM_UNSUPPORTED));
        assertThat(DemoSession.allIn(cases, sample(2), outcomes, 1)).isTrue();
        // ... but it does not stand for one of the dead letters the wrong inputs must give
        assertThat(DemoSession.allIn(cases, sample(2), outcomes, 2)).isFalse();
    }

    @Test
    void shouldShowTheUsersDeadLetterWithItsReasonAsAnExpectedOutcome() {
        DemoOutcomes outcomes = new DemoOutcomes();
        outcomes.deadLetter(letter(USERS, ReasonCode.DICOM_UNSUPPORTED));
        DemoReport report = new DemoReport(List.of(users()), List.of(0L), outcomes);
        StringWriter table = new StringWriter();

        report.printTable(new PrintWriter(table, true));

        assertThat(report.allAsExpected()).isTrue();
        assertThat(table.toString()).containsPattern("your CT study \\(1 file\\(s\\)\\) +dead letter +"
                + "DICOM_UNSUPPORTED at plan: the study").contains("1 of 1 inputs ended as expected.");
    }

    @Test
    void shouldStillMissFindingsOfAUsersStudyWithNoOutcome() {
        DemoReport report = new DemoReport(List.of(users()), List.of(0L), new DemoOutcomes());
        StringWriter table = new StringWriter();

        report.printTable(new PrintWriter(table, true));

        assertThat(report.allAsExpected()).isFalse();
        assertThat(table.toString()).containsPattern("MISSING +no output seen +expected findings or a dead letter");
    }

    @Test
    void shouldAbbreviateStudiesSoThatNoTwoLookTheSame() {
        // Two UIDs with the same last 11 characters, one of the demo's own, and a short one
        String a = "2.25.1234567890122222222222";
        String b = "2.25.9876543210922222222222";
        String demo = "2.25.339178450281530489171395651290164301517";

        Map<String, String> shown = DemoSession.abbreviations(List.of(a, b, demo, "1.2.3.4", a));

        assertThat(shown).hasSize(4);
        assertThat(shown.values()).doesNotHaveDuplicates();
        assertThat(shown.get(a)).startsWith("...").endsWith("22222222222").isNotEqualTo("...22222222222");
        assertThat(a).endsWith(shown.get(a).substring(3));
        assertThat(b).endsWith(shown.get(b).substring(3));
        assertThat(shown.get("1.2.3.4")).isEqualTo("1.2.3.4");
    }

    @Test
    void shouldKeepElevenCharactersWhenTheyAreEnoughToTellStudiesApart() {
        Map<String, String> shown = DemoSession.abbreviations(List.of(SAMPLE, USERS));

        assertThat(shown).containsEntry(SAMPLE, "..." + SAMPLE.substring(SAMPLE.length() - 11))
                .containsEntry(USERS, "..." + USERS.substring(USERS.length() - 11));
    }
}
