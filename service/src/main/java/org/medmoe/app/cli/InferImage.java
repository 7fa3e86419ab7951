package org.medmoe.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.FramePreparer;
import org.medmoe.dicom.DicomHeader;
import org.medmoe.dicom.DicomImage;
import org.medmoe.dicom.FrameSelection;
import org.medmoe.dicom.InstanceIdentity;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.model.InvalidInputException;
import org.medmoe.model.MedMoeModel;
import org.medmoe.pipeline.Pipeline;

/**
 * The picture {@code medmoe infer} asks about, recognised by its content: a PNG or JPEG image goes
 * through the model's own pre-processing; a DICOM Part-10 object (the {@code DICM} magic at offset
 * 128, or, without it, a file the toolkit reads as DICOM) through the service's decode and prepare
 * stages ({@link FramePreparer}), on the frame asked for or the one the pipeline's selection policy
 * would analyse first. Stateless.
 */
final class InferImage {
    private static final int MAGIC_OFFSET = 128;
    private static final byte[] DICM = "DICM".getBytes(StandardCharsets.US_ASCII);

    private InferImage() {
    }

    /**
     * The model input and what was read.
     *
     * @param tensor the model input
     * @param format {@code png}, {@code jpeg} or {@code dicom}
     * @param dicom for DICOM: frame, frame count, how the frame was chosen, modality, photometric
     *     interpretation, transfer syntax, size (no patient or study identifiers); else null
     * @param preprocessMs reading, decoding and pre-processing time
     */
    record Prepared(PixelTensor tensor, String format, Map<String, Object> dicom, double preprocessMs) {
    }

    /**
     * Reads {@code file} for {@code model}.
     *
     * @param frame the 0-based frame of a DICOM object, or null for the pipeline's choice
     * @param pipeline the pipeline whose selection policy chooses the frame, or null (frame 0)
     * @param frames the service's decode and prepare stages for this model
     * @throws InvalidInputException the file is missing, of no supported format, or has no such frame
     * @throws AnalysisException a DICOM object the service could not decode either (its reason)
     */
    static Prepared read(Path file, Integer frame, Pipeline pipeline, MedMoeModel model, FramePreparer frames)
            throws AnalysisException {
        long start = System.nanoTime();
        byte[] head = head(file);
        String image = imageFormat(head);
        if (image != null) {
            if (frame != null) {
                throw new InvalidInputException("--frame is for DICOM files; " + file + " is a " + image + " image");
            }
            PixelTensor tensor = model.readImage(file);
            return new Prepared(tensor, image, null, ms(start));
        }
        InstanceIdentity identity;
        try {
            identity = frames.identify(file);
        } catch (AnalysisException e) {
            if (hasDicomMagic(head)) {
                throw e;
            }
            throw new InvalidInputException("image file " + file + " is not a PNG, JPEG or DICOM file (no DICM at "
                    + "offset 128, and not readable as DICOM: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidInputException("image file " + file + " could not be read: " + e.getMessage(), e);
        }
        if (!hasDicomMagic(head) && identity.sopInstanceUid() == null && identity.studyInstanceUid() == null) {
            // The toolkit reads nearly any bytes as a DICOM data set; without the magic, a UID says it is one.
            throw new InvalidInputException("image file " + file + " is not a PNG, JPEG or DICOM file (no DICM at "
                    + "offset 128, and no SOPInstanceUID or StudyInstanceUID when read as DICOM)");
        }
        FrameSelection selection;
        String chosenBy;
        if (frame != null) {
            selection = FrameSelection.at(frame);
            chosenBy = "--frame";
        } else if (pipeline != null) {
            Pipeline.Selection policy = pipeline.selectionFor(identity.modality());
            selection = FramePreparer.frames(policy);
            chosenBy = "pipeline (frames: " + policy.frames().name().toLowerCase(Locale.ROOT) + ")";
        } else {
            selection = FrameSelection.first();
            chosenBy = "first frame (no pipeline file)";
        }
        DicomImage decoded = frames.decode(bytes(file), selection);
        DicomHeader header = decoded.header();
        if (decoded.frames().isEmpty()) {
            throw new InvalidInputException("--frame " + frame + ": " + file + " has " + header.frames()
                    + " frame(s), numbered 0 to " + (header.frames() - 1));
        }
        PixelTensor tensor = frames.tensor(decoded, 0);
        Map<String, Object> dicom = new LinkedHashMap<>();
        dicom.put("frame", decoded.frameNumbers().get(0) - 1);
        dicom.put("frames", header.frames());
        dicom.put("frameChosenBy", chosenBy);
        dicom.put("modality", header.modality());
        dicom.put("photometricInterpretation", header.photometricInterpretation());
        dicom.put("transferSyntaxUid", header.transferSyntaxUid());
        dicom.put("rows", header.rows());
        dicom.put("columns", header.columns());
        return new Prepared(tensor, "dicom", dicom, ms(start));
    }

    private static byte[] head(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("image file not found: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAGIC_OFFSET + DICM.length);
        } catch (IOException e) {
            throw new InvalidInputException("image file " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("image file " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    /** "png" or "jpeg" from the signature, else null. */
    static String imageFormat(byte[] head) {
        if (head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return "png";
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        return null;
    }

    /** True when the Part-10 magic {@code DICM} follows the 128-byte preamble. */
    static boolean hasDicomMagic(byte[] head) {
        return head.length >= MAGIC_OFFSET + DICM.length
                && Arrays.equals(head, MAGIC_OFFSET, MAGIC_OFFSET + DICM.length, DICM, 0, DICM.length);
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
