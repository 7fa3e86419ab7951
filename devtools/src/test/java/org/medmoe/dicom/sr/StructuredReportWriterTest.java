package org.medmoe.dicom.sr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomHeader;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.StudyRef;
import org.medmoe.dicom.web.DicomJson;
import org.medmoe.dicom.web.DicomWebClient;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;

/** The SR checked by two independent tools (dcmtk's dsrdump, dicom3tools' dciodvfy) and stored in Orthanc. */
class StructuredReportWriterTest {

    @TempDir
    Path dir;

    private static DicomHeader ct() throws Exception {
        return new DicomImageReader(DecodeLimits.defaults())
                .readHeader(Files.readAllBytes(DebianSamples.pydicom("CT_small.dcm")));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void shouldWriteATid1500ReportThatDsrdumpReadsWithoutErrors() throws Exception {
        Path sr = dir.resolve("sr.dcm");
        Files.write(sr, StructuredReportWriter.write(SrFixtures.content(ct(), 3), SrFixtures.source(ct())));

        Result dump = run("dsrdump", "-Ee", "+Pn", "+Pl", "+Pu", "+Pc", "+Pt", sr.toString());

        assertThat(dump.exit()).as(dump.output()).isZero();
        assertThat(dump.output()).doesNotContain("E: ")
                .contains("Comprehensive SR").contains("126000,DCM,\"Imaging Measurement Report\"").contains("TID 1500")
                .contains("Device Observer Name").contains("med-moe-tiny")
                .contains("Pneumonia").contains("Present").contains("Pleural effusion").contains("Absent")
                .contains("MACHINE-GENERATED").contains(ct().sopInstanceUid());
    }

    @Test
    void shouldWriteAnSrThatDciodvfyFindsNoErrorsIn() throws Exception {
        Path sr = dir.resolve("sr.dcm");
        Files.write(sr, StructuredReportWriter.write(SrFixtures.content(ct(), 3), SrFixtures.source(ct())));

        Result check = run("dciodvfy", sr.toString());

        List<String> errors = check.output().lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).as(check.output()).isEmpty();
        assertThat(check.output()).contains("ComprehensiveSR");
    }

    @Test
    void shouldRecordEachFindingPresentOrAbsentAsTheContentSays() throws Exception {
        // Given the same findings, once both recorded absent and once both present
        Path absent = dir.resolve("absent.dcm");
        Files.write(absent, StructuredReportWriter.write(SrFixtures.content(ct(), 3, false, false),
                SrFixtures.source(ct())));
        Path present = dir.resolve("present.dcm");
        Files.write(present, StructuredReportWriter.write(SrFixtures.content(ct(), 3, true, true),
                SrFixtures.source(ct())));

        // Then the evaluations say so, as read back by dsrdump
        String absentDump = dump(absent);
        String presentDump = dump(present);
        assertThat(evaluations(absentDump)).as(absentDump).containsExactly("Pneumonia=Absent", "Pleural effusion=Absent");
        assertThat(evaluations(presentDump)).as(presentDump)
                .containsExactly("Pneumonia=Present", "Pleural effusion=Present");
    }

    private static String dump(Path sr) throws Exception {
        Result dump = run("dsrdump", "-Ee", sr.toString());
        assertThat(dump.exit()).as(dump.output()).isZero();
        return dump.output();
    }

    private static List<String> evaluations(String dump) {
        Matcher m = Pattern.compile(
                "CODE:\\([^,]*,[^,]*,\"([^\"]+)\"\\)=\\([^,]*,[^,]*,\"(Present|Absent)\"\\)")
                .matcher(dump);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + "=" + m.group(2));
        }
        return out;
    }

    @Test
    void shouldGiveTheSameSopInstanceUidToTheSameStudyRevisionAndModel() throws Exception {
        assertThat(StructuredReportWriter.sopInstanceUid(SrFixtures.content(ct(), 3)))
                .isEqualTo(StructuredReportWriter.sopInstanceUid(SrFixtures.content(ct(), 3)))
                .isNotEqualTo(StructuredReportWriter.sopInstanceUid(SrFixtures.content(ct(), 4)))
                .startsWith("2.25.");
    }

    @Test
    void shouldStoreTheSrIntoTheSourceStudyWithStow() throws Exception {
        EmbeddedOrthanc orthanc = EmbeddedOrthanc.shared();
        orthanc.upload(DebianSamples.pydicom("CT_small.dcm"));
        DicomWebClient client = new DicomWebClient(DicomWebConfig.of(orthanc.dicomWebUrl()));
        StudyRef study = new StudyRef(ct().studyInstanceUid());

        client.store(study, List.of(StructuredReportWriter.write(SrFixtures.content(ct(), 5),
                SrFixtures.source(ct()))));

        assertThat(client.searchSeries(study, java.util.Map.of())).extracting(s -> s.string(DicomJson.MODALITY))
                .contains("SR", "CT");
    }
}
