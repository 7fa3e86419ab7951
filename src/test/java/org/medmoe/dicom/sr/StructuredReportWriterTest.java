package org.medmoe.dicom.sr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.medmoe.pipeline.Pipeline;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.pacs.OrthancServer;

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
        Files.write(sr, StructuredReportWriter.write(SrFixtures.findings(ct(), 3), SrFixtures.promptSet(0.5),
                SrFixtures.source(ct())));

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
        Files.write(sr, StructuredReportWriter.write(SrFixtures.findings(ct(), 3), SrFixtures.promptSet(0.5),
                SrFixtures.source(ct())));

        Result check = run("dciodvfy", sr.toString());

        List<String> errors = check.output().lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).as(check.output()).isEmpty();
        assertThat(check.output()).contains("ComprehensiveSR");
    }

    @Test
    void shouldTakePresentOrAbsentFromThePromptSetsThreshold() throws Exception {
        // Given pneumonia at probability 0.87 and effusion at 0.12, under a prompt set that asks for 0.9
        Path strict = dir.resolve("strict.dcm");
        Files.write(strict, StructuredReportWriter.write(SrFixtures.findings(ct(), 3), SrFixtures.promptSet(0.9),
                SrFixtures.source(ct())));
        // and under one that asks for 0.1
        Path lenient = dir.resolve("lenient.dcm");
        Files.write(lenient, StructuredReportWriter.write(SrFixtures.findings(ct(), 3), SrFixtures.promptSet(0.1),
                SrFixtures.source(ct())));

        // Then the evaluations follow each threshold, as read back by dsrdump
        String strictDump = dump(strict);
        String lenientDump = dump(lenient);
        assertThat(evaluations(strictDump)).as(strictDump).containsExactly("Pneumonia=Absent", "Pleural effusion=Absent");
        assertThat(evaluations(lenientDump)).as(lenientDump)
                .containsExactly("Pneumonia=Present", "Pleural effusion=Present");
    }

    @Test
    void shouldRefuseFindingsOfAnotherPromptSet() {
        Pipeline.PromptSet other = new Pipeline.PromptSet("mr-default", "1", List.of("MR"),
                SrFixtures.promptSet(0.5).questions());

        assertThatThrownBy(() -> StructuredReportWriter.write(SrFixtures.findings(ct(), 3), other,
                SrFixtures.source(ct())))
                .isInstanceOf(SrException.class).hasMessageContaining("ct-default 1").hasMessageContaining("mr-default 1");
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
    void shouldGiveTheSameSopInstanceUidToTheSameFindings() throws Exception {
        assertThat(StructuredReportWriter.sopInstanceUid(SrFixtures.findings(ct(), 3)))
                .isEqualTo(StructuredReportWriter.sopInstanceUid(SrFixtures.findings(ct(), 3)))
                .isNotEqualTo(StructuredReportWriter.sopInstanceUid(SrFixtures.findings(ct(), 4)))
                .startsWith("2.25.");
    }

    @Test
    void shouldStoreTheSrIntoTheSourceStudyWithStow() throws Exception {
        OrthancServer orthanc = OrthancServer.shared();
        orthanc.upload(DebianSamples.pydicom("CT_small.dcm"));
        DicomWebClient client = new DicomWebClient(DicomWebConfig.of(orthanc.dicomWebUrl()));
        StudyRef study = new StudyRef(ct().studyInstanceUid());

        client.store(study, List.of(StructuredReportWriter.write(SrFixtures.findings(ct(), 5),
                SrFixtures.promptSet(0.5), SrFixtures.source(ct()))));

        assertThat(client.searchSeries(study, java.util.Map.of())).extracting(s -> s.string(DicomJson.MODALITY))
                .contains("SR", "CT");
    }
}
