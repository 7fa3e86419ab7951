package org.medmoe.devtools.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.medmoe.dicom.DicomReadException;
import org.medmoe.dicom.SecondaryCaptureWriter;
import org.medmoe.imaging.RgbImage;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.StudyFindings;

/**
 * The demo's sample studies, written as DICOM by the project itself: the bundled tiny model's
 * sample images (synthetic CT-, MR-, X-ray- and pathology-like pictures with a known abnormality
 * and location, {@code images.json} of the model) as Secondary Capture instances, one study each,
 * so the model's answers can be checked against the truth.
 */
public final class SampleStudies {
    /** DICOM modality of each router label of the tiny model. */
    static final Map<String, String> DICOM_MODALITY = Map.of("CT", "CT", "MRI", "MR", "XRAY", "CR", "PATHOLOGY", "SM");

    /** What a sample image shows, from the model's images.json. */
    public record Truth(String modality, boolean abnormal, String location) {
        /** The answer to the modality question that matches the truth. */
        public String modalityAnswer() {
            return modality.toLowerCase(Locale.ROOT);
        }

        /** The study answers of {@code findings} that differ from this truth, as {@code question=expected}. */
        public List<String> wrong(StudyFindings findings) {
            List<String> wrong = new ArrayList<>();
            expect(findings, "modality", modalityAnswer(), wrong);
            expect(findings, "abnormality", abnormal ? "yes" : "no", wrong);
            expect(findings, "location", location, wrong);
            return wrong;
        }

        private static void expect(StudyFindings f, String question, String value, List<String> wrong) {
            String answer = f.getFindings().stream().filter(x -> x.getQuestionId().equals(question))
                    .map(StudyFinding::getAnswer).findFirst().orElse(null);
            if (answer == null || !answer.trim().equalsIgnoreCase(value)) {
                wrong.add(question + "=" + value);
            }
        }
    }

    /** Who a sample study is of: made-up identifiers, written into the DICOM files only. */
    public record Patient(String name, String id) {
        /** The demo's own patient of sample {@code number}. */
        public static Patient demo(int number) {
            return new Patient("DEMO^PATIENT^" + number, "DEMO-" + number);
        }
    }

    /** One sample study: where its files are and what the model should answer. */
    public record Sample(String description, String studyUid, long revision, String dicomModality, Path folder,
            Path keyImage, Truth truth, int number) {
    }

    private SampleStudies() {
    }

    /** Writes one study per sample image of the model under {@code root}. */
    public static List<Sample> write(Path modelDir, Path root) throws IOException, DicomReadException {
        return write(modelDir, root, "");
    }

    /** As {@link #write(Path, Path)}, with UIDs made distinct by {@code variant} (for several copies). */
    public static List<Sample> write(Path modelDir, Path root, String variant) throws IOException, DicomReadException {
        return write(modelDir, root, variant, null);
    }

    /** As {@link #write(Path, Path, String)}, every study of {@code patient} (null: the demo's own per sample). */
    public static List<Sample> write(Path modelDir, Path root, String variant, Patient patient)
            throws IOException, DicomReadException {
        JsonNode listing = new ObjectMapper().readTree(modelDir.resolve("images.json").toFile());
        List<Sample> out = new ArrayList<>();
        int n = 0;
        for (JsonNode image : listing.path("images")) {
            n++;
            Path png = modelDir.resolve(image.path("file").asText());
            Truth truth = new Truth(image.path("modality").asText(), image.path("abnormal").asBoolean(),
                    image.path("location").asText());
            String modality = DICOM_MODALITY.getOrDefault(truth.modality(), "OT");
            String study = uid(variant + "study-" + n);
            Path folder = root.resolve(String.format(Locale.ROOT, "study-%02d", n));
            writeInstance(folder.resolve("series-1/image-1.dcm"), png, study, uid(variant + "series-" + n + "-1"),
                    uid(variant + "image-" + n + "-1-1"), modality, 1, n, patient == null ? Patient.demo(n) : patient);
            out.add(new Sample(describe(truth), study, 1, modality, folder, png, truth, n));
        }
        return out;
    }

    /** Adds a second series to {@code sample}'s study with another image: its revision 2. */
    public static Sample addLateSeries(Sample sample, Path modelDir, String imageFile, Truth truth)
            throws IOException, DicomReadException {
        Path png = modelDir.resolve(imageFile);
        writeInstance(sample.folder().resolve("series-2/image-1.dcm"), png, sample.studyUid(),
                uid(sample.studyUid() + "-series-2"), uid(sample.studyUid() + "-series-2-image-1"),
                sample.dicomModality(), 2, sample.number(), Patient.demo(sample.number()));
        return new Sample(sample.description() + ", late series", sample.studyUid(), 2, sample.dicomModality(),
                sample.folder(), png, truth, sample.number());
    }

    /** A study whose only file has its pixel data cut short: the pipeline must dead-letter it. */
    public static Sample writeCorrupt(Path root, Path png) throws IOException, DicomReadException {
        return writeCorrupt(root, png, Patient.demo(1));
    }

    /** As {@link #writeCorrupt(Path, Path)}, the study of {@code patient}. */
    public static Sample writeCorrupt(Path root, Path png, Patient patient) throws IOException, DicomReadException {
        String study = uid("corrupt-study");
        Path folder = root.resolve("study-corrupt");
        Path file = folder.resolve("series-1/image-1.dcm");
        writeInstance(file, png, study, uid("corrupt-series"), uid("corrupt-image"), "CT", 1, 1, patient);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4000));
        return new Sample("CT, truncated pixel data", study, 1, "CT", folder, png, null, 0);
    }

    /** Writes one instance; {@code number} makes the study's accession number. */
    private static void writeInstance(Path file, Path png, String study, String series, String sop, String modality,
            int seriesNumber, int number, Patient patient) throws IOException, DicomReadException {
        RgbImage rgb = readPng(png);
        byte[] dicom = SecondaryCaptureWriter.write(new SecondaryCaptureWriter.Instance(study, series, sop, modality,
                seriesNumber, 1, String.format(Locale.ROOT, "DEMO%04d", number), patient.name(), patient.id(),
                "20261125", "MedMoE Stream demo sample"), rgb);
        Files.createDirectories(file.getParent());
        Files.write(file, dicom);
    }

    /** Reads a PNG with the PNG reader only (other ImageIO plug-ins on the class path print while probing). */
    public static RgbImage readPng(Path png) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            throw new IOException("no PNG reader in this Java runtime");
        }
        ImageReader reader = readers.next();
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            reader.setInput(in);
            image = reader.read(0);
        } finally {
            reader.dispose();
        }
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        ByteBuffer buffer = ByteBuffer.wrap(rgb);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                buffer.put((byte) (p >> 16)).put((byte) (p >> 8)).put((byte) p);
            }
        }
        return new RgbImage(image.getWidth(), image.getHeight(), rgb);
    }

    /** A UID under the 2.25 (UUID) root, stable for a name. */
    public static String uid(String name) {
        UUID u = UUID.nameUUIDFromBytes(("medmoe-demo:" + name).getBytes(StandardCharsets.UTF_8));
        BigInteger value = new BigInteger(1, ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
        return "2.25." + value;
    }

    private static String describe(Truth t) {
        String what = switch (t.modality()) {
            case "MRI" -> "MR";
            case "XRAY" -> "X-ray";
            case "PATHOLOGY" -> "pathology slide";
            default -> t.modality();
        };
        return what + (t.abnormal() ? ", lesion " + t.location() : ", normal");
    }
}
