package org.medmoe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

class StudyEventValidatorTest {
    static final String UID = "1.2.826.0.1.3680043.8.498.1";
    private final StudyEventValidator validator = new StudyEventValidator(Set.of("CT", "MR", "CR", "DX"));

    static StudyEvent.Builder valid() {
        return StudyEvent.newBuilder().setStudyInstanceUid(UID).setRevision(3).setAccessionNumber("A123")
                .setModalities(List.of("CT")).setSeriesCount(1).setInstanceCount(3).setStudyDate("20260101")
                .setStudyTime("101500.25")
                .setLocator(StudyLocator.newBuilder().setKind(LocatorKind.DICOMWEB)
                        .setUri("http://pacs.example:8042/dicom-web").build())
                .setSource("orthanc:test").setEventTime(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void shouldAcceptAValidEvent() {
        assertThat(validator.problems(UID, valid().build())).isEmpty();
    }

    @Test
    void shouldReportEveryProblemOfAnInvalidEvent() {
        StudyEvent event = valid().setStudyInstanceUid("1.2.03.x").setModalities(List.of("CT", "XYZ"))
                .setInstanceCount(0).setStudyDate("2026-01-01").build();

        List<String> problems = validator.problems("1.2.03.x", event);

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("studyInstanceUid").contains("not dot-separated digits");
        assertThat(problems).anyMatch(p -> p.contains("'XYZ' is not a known modality code"));
        assertThat(problems).anyMatch(p -> p.startsWith("instanceCount 0"));
        assertThat(problems).anyMatch(p -> p.startsWith("studyDate"));
    }

    @Test
    void shouldRejectAKeyThatIsNotTheStudyUid() {
        assertThat(validator.problems("1.2.3", valid().build()))
                .containsExactly("record key '1.2.3' differs from studyInstanceUid (the key must be the study UID)");
    }

    @Test
    void shouldCheckUidSyntaxAsPs35Says() {
        assertThat(StudyEventValidator.uidProblem("1.2.840.10008.1.2")).isEmpty();
        assertThat(StudyEventValidator.uidProblem("1.2.840.010008")).isEmpty();
        assertThat(StudyEventValidator.nonConformance("1.2.840.010008")).hasValueSatisfying(p -> assertThat(p).contains("leading zero"));
        assertThat(StudyEventValidator.nonConformance("1.2.840.10008.0")).isEmpty();
        assertThat(StudyEventValidator.uidProblem("1.2.840.1a")).isPresent();
        assertThat(StudyEventValidator.uidProblem("1.2.840.-1")).isPresent();
        assertThat(StudyEventValidator.uidProblem("1..2")).isPresent();
        assertThat(StudyEventValidator.uidProblem("1.2.")).isPresent();
        assertThat(StudyEventValidator.uidProblem("12")).isPresent();
        assertThat(StudyEventValidator.uidProblem("1." + "2".repeat(63))).hasValueSatisfying(p -> assertThat(p).contains("64"));
    }

    @Test
    void shouldRequireALocatorMatchingItsKind() {
        StudyEvent fileWithHttp = valid().setLocator(StudyLocator.newBuilder().setKind(LocatorKind.FILE)
                .setUri("http://x/y").build()).build();
        StudyEvent webWithoutHost = valid().setLocator(StudyLocator.newBuilder().setKind(LocatorKind.DICOMWEB)
                .setUri("file:/data").build()).build();
        StudyEvent escapingPath = valid().setLocator(StudyLocator.newBuilder().setKind(LocatorKind.DICOMWEB)
                .setUri("http://pacs/dicom-web").setStudyPath("../../admin").build()).build();

        assertThat(validator.problems(UID, fileWithHttp)).singleElement().asString().contains("file: URI");
        assertThat(validator.problems(UID, webWithoutHost)).singleElement().asString().contains("http(s) URL");
        assertThat(validator.problems(UID, escapingPath)).singleElement().asString().contains("'..'");
    }

    @Test
    void shouldAcceptALegacyUidWithLeadingZeroComponentsAndNoteItOncePerUid() {
        String legacy = "999.999.2.19940822.083000";
        StudyEvent event = valid().setStudyInstanceUid(legacy).build();

        assertThat(validator.problems(legacy, event)).isEmpty();
        assertThat(validator.problems(legacy, event)).isEmpty();

        LegacyUids notes = new LegacyUids();
        assertThat(notes.note(legacy)).as("first time: logged").isTrue();
        assertThat(notes.note(legacy)).as("second time: not logged again").isFalse();
        assertThat(notes.note("999.999.2.19940822.083001")).as("another UID: logged").isTrue();
        assertThat(notes.note(UID)).as("a conformant UID: nothing to log").isFalse();
    }

    @Test
    void shouldStillRejectALegacyUidThatIsTooLongOrNotDigits() {
        String tooLong = "999.999.2.19940822.083000." + "1".repeat(40);
        assertThat(validator.problems(tooLong, valid().setStudyInstanceUid(tooLong).build()))
                .anyMatch(p -> p.contains("longer than 64"));
        String letters = "999.999.2.1994O822.083000";
        assertThat(validator.problems(letters, valid().setStudyInstanceUid(letters).build()))
                .anyMatch(p -> p.contains("not dot-separated digits"));
    }

    @Test
    void shouldNormaliseAcrNemaStyleDatesAndTimesSoThatTheEventPasses() {
        StudyEvent old = valid().setStudyDate("1997.04.24").setStudyTime("14:04:38").build();
        assertThat(validator.problems(UID, old)).hasSize(2);

        StudyEvent normalised = StudyEventValidator.normalised(old);

        assertThat(normalised.getStudyDate()).isEqualTo("19970424");
        assertThat(normalised.getStudyTime()).isEqualTo("140438");
        assertThat(validator.problems(UID, normalised)).isEmpty();
        StudyEvent current = valid().build();
        assertThat(StudyEventValidator.normalised(current)).isSameAs(current);
    }
}
