package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.PipelinePixels;
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.model.CandidateScores;
import org.medmoe.model.GeneratedAnswer;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.TinyModel;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineLoader;
import org.medmoe.runtime.RuntimeConfig;
import org.medmoe.schema.ReasonCode;
import org.medmoe.testing.dicom.DebianSamples;
import picocli.CommandLine;

/**
 * {@code medmoe infer} on DICOM files (python3-pydicom's real test files): recognised by content,
 * decoded and pre-processed by the service's own analysis path, so the answers equal the model's on
 * the pixels that path prepares; a file the analysis could not decode gets its reason, without a stack
 * trace.
 */
class InferDicomTest {
    private static final String QUESTION = "Is there an abnormality?";
    private static MedMoeModel model;
    private static Pipeline pipeline;

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void loadTheModelAndThePipeline() {
        model = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cpu(1));
        pipeline = PipelineLoader.load(TinyModel.projectDir().resolve("topology/pipeline.yaml"));
    }

    @AfterAll
    static void closeTheModel() {
        model.close();
    }

    private int infer(String... args) {
        List<String> all = new ArrayList<>(List.of("--model", TinyModel.dir().toString(), "--threads", "1",
                "--pipeline", TinyModel.projectDir().resolve("topology/pipeline.yaml").toString()));
        all.addAll(List.of(args));
        CommandLine cli = new CommandLine(new InferCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(all.toArray(String[]::new));
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CT_small.dcm", "MR_small.dcm", "SC_rgb_rle_2frame.dcm", "SC_rgb_jpeg_dcmtk.dcm",
        "JPEG2000.dcm"})
    void shouldAnswerADicomFileAsTheModelAnswersThePixelsTheAnalysisPrepares(String name) throws Exception {
        // Given a real DICOM file and the tensor the service's analysis prepares from it (the pipeline's frame)
        Path file = DebianSamples.pydicom(name);
        String modality = AnalysisWiring.dicomReader().identify(file).modality();
        Map<Integer, PixelTensor> prepared = PipelinePixels.of(file, modality, pipeline, model.manifest());
        assertThat(prepared).hasSize(1);
        int frame = prepared.keySet().iterator().next();
        CandidateScores expected = model.scoreCandidates(prepared.get(frame), QUESTION, List.of("yes", "no"));

        // When asking infer about the file
        int code = infer("--image", file.toString(), "--question", QUESTION, "--candidates", "yes,no");

        // Then it reads it as DICOM, on the same frame, and gives the same answer and probabilities
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = json();
        assertThat(json.get("imageFormat").asText()).isEqualTo("dicom");
        assertThat(json.get("dicom").get("frame").asInt()).isEqualTo(frame);
        assertThat(json.get("dicom").get("frameChosenBy").asText()).startsWith("pipeline (frames: ");
        assertThat(json.get("dicom").get("modality").asText()).isEqualTo(modality);
        assertThat(json.get("answer").asText()).isEqualTo(expected.best());
        for (String candidate : List.of("yes", "no")) {
            assertThat(json.get("candidateProbabilities").get(candidate).asDouble())
                    .isEqualTo(expected.probabilities().get(candidate));
            assertThat(json.get("candidateLogLikelihoods").get(candidate).asDouble())
                    .isEqualTo(expected.logLikelihoods().get(candidate));
        }
        assertThat(json.get("modalityProbabilities").get("CT").asDouble())
                .isEqualTo(expected.routing().modality().probabilities().get("CT"));
    }

    @Test
    void shouldGenerateTheSameOpenAnswerAndSayTheModalityAndPhotometricInterpretationReadFromTheFile() throws Exception {
        Path file = DebianSamples.pydicom("CT_small.dcm");
        PixelTensor pixels = PipelinePixels.of(file, "CT", pipeline, model.manifest()).get(0);
        GeneratedAnswer expected = model.generate(pixels, "Where is the abnormality?", 4);

        int code = infer("--image", file.toString(), "--question", "Where is the abnormality?", "--max-new-tokens", "4");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = json();
        assertThat(json.get("answer").asText()).isEqualTo(expected.text());
        assertThat(json.get("tokens").toString()).isEqualTo(Arrays.toString(expected.tokens()).replace(" ", ""));
        JsonNode dicom = json.get("dicom");
        assertThat(dicom.get("modality").asText()).isEqualTo("CT");
        assertThat(dicom.get("photometricInterpretation").asText()).isEqualTo("MONOCHROME2");
        assertThat(dicom.get("frames").asInt()).isEqualTo(1);
        assertThat(dicom.get("rows").asInt()).isEqualTo(128);
        assertThat(json.toString()).doesNotContain("Patient");
    }

    @Test
    void shouldUseTheFrameAskedForOfAMultiFrameFile() throws Exception {
        // Given a two-frame RGB file: the pipeline's default policy (middle) picks frame 1; frame 0 by the
        // pipeline's own path when its policy is the first frame
        Path file = DebianSamples.pydicom("SC_rgb_rle_2frame.dcm");
        Pipeline firstFrames = PipelineLoader.parse("first-frames", Files.readString(
                TinyModel.projectDir().resolve("topology/pipeline.yaml"), StandardCharsets.UTF_8)
                .replace("default: {maxSeries: 2, maxImagesPerSeries: 2, frames: middle}",
                        "default: {maxSeries: 2, maxImagesPerSeries: 2, frames: first}"));
        PixelTensor frame0 = PipelinePixels.of(file, "OT", firstFrames, model.manifest()).get(0);
        CandidateScores expected = model.scoreCandidates(frame0, QUESTION, List.of("yes", "no"));

        // When asking about frame 0
        int code = infer("--image", file.toString(), "--frame", "0", "--question", QUESTION, "--candidates", "yes,no");

        // Then that frame is the one analysed, and the output says so
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = json();
        assertThat(json.get("dicom").get("frame").asInt()).isZero();
        assertThat(json.get("dicom").get("frames").asInt()).isEqualTo(2);
        assertThat(json.get("dicom").get("frameChosenBy").asText()).isEqualTo("--frame");
        assertThat(json.get("dicom").get("photometricInterpretation").asText()).isEqualTo("RGB");
        assertThat(json.get("candidateProbabilities").get("yes").asDouble())
                .isEqualTo(expected.probabilities().get("yes"));
    }

    @Test
    void shouldRecogniseDicomByContentWhateverTheNameAndWithoutThePreamble() throws Exception {
        // Given CT_small.dcm named scan.png, and its data set alone (no preamble, no DICM, no meta header) as dcmtk writes it
        Path original = DebianSamples.pydicom("CT_small.dcm");
        Path renamed = Files.copy(original, temp.resolve("scan.png"));
        Path dataSet = temp.resolve("dataset-only");
        Process p = new ProcessBuilder("dcmconv", "-F", "+ti", original.toString(), dataSet.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        assertThat(new String(Files.readAllBytes(dataSet), 128, 4, StandardCharsets.US_ASCII)).isNotEqualTo("DICM");
        CandidateScores expected = model.scoreCandidates(
                PipelinePixels.of(original, "CT", pipeline, model.manifest()).get(0), QUESTION, List.of("yes", "no"));

        for (Path file : List.of(renamed, dataSet)) {
            out.getBuffer().setLength(0);
            // When asking infer about it, Then it is read as DICOM and answered as the original
            int code = infer("--image", file.toString(), "--question", QUESTION, "--candidates", "yes,no");
            assertThat(code).as(err.toString()).isZero();
            assertThat(json().get("imageFormat").asText()).isEqualTo("dicom");
            assertThat(json().get("candidateProbabilities").get("yes").asDouble())
                    .isEqualTo(expected.probabilities().get("yes"));
        }
    }

    @Test
    void shouldExplainACorruptDicomFileWithTheReasonTheAnalysisGivesAndNoStackTrace() {
        // Given a real truncated file, and the reason the service's analysis fails it with
        Path file = DebianSamples.pydicom("MR_truncated.dcm");
        AnalysisException analysis = catchThrowableOfType(AnalysisException.class,
                () -> PipelinePixels.of(file, "MR", pipeline, model.manifest()));
        assertThat(analysis.reason()).isEqualTo(ReasonCode.DICOM_CORRUPT);

        // When asking infer about it
        int code = infer("--image", file.toString(), "--question", QUESTION);

        // Then one line names the file, the reason code and the analysis' message; exit code 2
        assertThat(code).isEqualTo(InferCommand.EXIT_BAD_INPUT);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip()).isEqualTo("medmoe infer: DICOM file " + file + " cannot be analysed: "
                + "DICOM_CORRUPT at decode: " + analysis.getMessage());
        assertThat(err.toString()).contains("truncated: PixelData declares 8192 bytes, 8130 present");
    }

    @Test
    void shouldNameTheReasonForDicomFilesTheServiceCannotDecode() {
        // 32-bit dose grid: unsupported; a structure set (no preamble): not an image
        int code = infer("--image", DebianSamples.pydicom("rtdose.dcm").toString(), "--question", QUESTION);
        assertThat(code).isEqualTo(InferCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("cannot be analysed: DICOM_UNSUPPORTED at decode: 32-bit pixel data");

        err.getBuffer().setLength(0);
        code = infer("--image", DebianSamples.pydicom("rtstruct.dcm").toString(), "--question", QUESTION);
        assertThat(code).isEqualTo(InferCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("cannot be analysed: DICOM_CORRUPT at decode: not an image");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void shouldRefuseAFileThatIsNeitherAnImageNorDicomAndAFrameTheFileDoesNotHave() throws Exception {
        Path text = Files.writeString(temp.resolve("notes.dcm"), "not an image, not DICOM\n");
        assertThat(infer("--image", text.toString(), "--question", QUESTION)).isEqualTo(InferCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("medmoe infer: image file " + text + " is not a PNG, JPEG or DICOM file");

        err.getBuffer().setLength(0);
        Path twoFrames = DebianSamples.pydicom("SC_rgb_rle_2frame.dcm");
        assertThat(infer("--image", twoFrames.toString(), "--frame", "2", "--question", QUESTION))
                .isEqualTo(InferCommand.EXIT_BAD_INPUT);
        assertThat(err.toString().strip()).isEqualTo("medmoe infer: --frame 2: " + twoFrames
                + " has 2 frame(s), numbered 0 to 1");

        err.getBuffer().setLength(0);
        assertThat(infer("--image", TinyModel.image("01-ct-left.png").toString(), "--frame", "0", "--question",
                QUESTION)).isEqualTo(InferCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--frame is for DICOM files");
    }
}
