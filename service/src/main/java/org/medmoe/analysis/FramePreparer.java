package org.medmoe.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medmoe.dicom.DicomImage;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.DicomReadException;
import org.medmoe.dicom.DicomUnsupportedException;
import org.medmoe.dicom.FrameSelection;
import org.medmoe.dicom.InstanceIdentity;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;

/**
 * The analysis' fetch, decode and prepare stages for one DICOM Part-10 object: fetch it from its
 * {@link ImageSource}, decode the frames a {@link FrameSelection} picks, and turn each into the
 * model's input tensor with its VOI transform (the file's own, or the modality's window preset)
 * through the image path of {@link Preprocessor}. Each stage that completes is reported to the
 * {@link AnalysisMetrics}. A failure is an {@link AnalysisException} with the reason the service
 * would dead-letter it with ({@code DICOM_UNSUPPORTED} or {@code DICOM_CORRUPT} at stage
 * {@code decode}). The service's analysis and {@code medmoe infer} both go through it. Immutable
 * and thread-safe.
 */
public final class FramePreparer {
    static final String STAGE = "decode";

    private final DicomImageReader reader;
    private final WindowPresets presets;
    private final Preprocessor preprocessor;
    private final AnalysisMetrics metrics;

    /**
     * @param reader the DICOM decoder, with its limits
     * @param presets window presets for greyscale images without a window of their own
     * @param preprocessor the model's pre-processing
     */
    public FramePreparer(DicomImageReader reader, WindowPresets presets, Preprocessor preprocessor) {
        this(reader, presets, preprocessor, AnalysisMetrics.NONE);
    }

    /** As above, reporting the fetch, decode and prepare stages to {@code metrics}. */
    public FramePreparer(DicomImageReader reader, WindowPresets presets, Preprocessor preprocessor,
            AnalysisMetrics metrics) {
        this.reader = reader;
        this.presets = presets;
        this.preprocessor = preprocessor;
        this.metrics = metrics;
    }

    /**
     * Fetches the selected instance {@code ref} of {@code event}'s study, decodes the frames
     * {@code selection} picks and prepares each; the fetch time and each frame's share of the decode
     * time travel with it.
     */
    List<PreparedImage> prepare(ImageSource source, StudyEvent event, ImageRef ref, Pipeline.Selection selection)
            throws AnalysisException {
        long t0 = System.nanoTime();
        byte[] bytes = source.read(event, ref);
        long t1 = System.nanoTime();
        metrics.stage(PipelineStage.FETCH, t1 - t0);
        DicomImage image = decode(bytes, frames(selection));
        metrics.stage(PipelineStage.DECODE, System.nanoTime() - t1);
        List<PixelTensor> tensors = new ArrayList<>();
        for (int i = 0; i < image.frameNumbers().size(); i++) {
            long t2 = System.nanoTime();
            tensors.add(tensor(image, i));
            metrics.stage(PipelineStage.PREPARE, System.nanoTime() - t2);
        }
        double fetchMs = (t1 - t0) / 1e6;
        double decodeMs = (System.nanoTime() - t1) / 1e6 / Math.max(1, tensors.size());
        List<PreparedImage> out = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            out.add(new PreparedImage(ref, image.frameNumbers().get(i), tensors.get(i), fetchMs, decodeMs));
        }
        return out;
    }

    /** The frames the pipeline's selection policy decodes (frames: first, middle or all). */
    public static FrameSelection frames(Pipeline.Selection selection) {
        return switch (selection.frames()) {
            case FIRST -> FrameSelection.first();
            case MIDDLE -> FrameSelection.middle();
            case ALL -> new FrameSelection(FrameSelection.Policy.EVENLY, selection.maxImagesPerSeries());
        };
    }

    /**
     * Which instance the file at {@code file} holds and its modality, reading only the start of its
     * header, as a folder listing does.
     *
     * @throws AnalysisException the file is not DICOM or is over the decode limits
     * @throws IOException the file cannot be read
     */
    public InstanceIdentity identify(Path file) throws AnalysisException, IOException {
        try {
            return reader.identify(file);
        } catch (DicomReadException e) {
            throw failure(e);
        }
    }

    /**
     * Decodes the frames {@code selection} picks from the object in {@code bytes}.
     *
     * @throws AnalysisException the object cannot be decoded, with the service's reason
     */
    public DicomImage decode(byte[] bytes, FrameSelection selection) throws AnalysisException {
        try {
            return reader.decode(bytes, selection);
        } catch (DicomReadException e) {
            throw failure(e);
        }
    }

    /** The model input for frame {@code index} (0-based within {@link DicomImage#frames()}) of {@code image}. */
    public PixelTensor tensor(DicomImage image, int index) {
        return preprocessor.tensor(image.frames().get(index), image.voi(index, presets));
    }

    private static AnalysisException failure(DicomReadException e) {
        ReasonCode reason = e instanceof DicomUnsupportedException ? ReasonCode.DICOM_UNSUPPORTED
                : ReasonCode.DICOM_CORRUPT;
        return new AnalysisException(STAGE, reason, e.getMessage(), e);
    }
}
