package org.medmoe.analysis;

import java.util.ArrayList;
import java.util.List;
import org.medmoe.dicom.DicomImage;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.DicomReadException;
import org.medmoe.dicom.DicomUnsupportedException;
import org.medmoe.dicom.FrameSelection;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.model.PixelTensor;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;

/**
 * Fetches a selected instance, decodes the frames its selection policy asks for, and
 * pre-processes each into the model's input tensor; reports each stage that completes to the
 * {@link AnalysisMetrics}. Thread-safe.
 */
final class ImagePreparer {
    private final DicomImageReader reader;
    private final WindowPresets presets;
    private final Preprocessor preprocessor;
    private final Pipeline pipeline;
    private final AnalysisMetrics metrics;

    ImagePreparer(DicomImageReader reader, WindowPresets presets, Preprocessor preprocessor, Pipeline pipeline,
            AnalysisMetrics metrics) {
        this.reader = reader;
        this.presets = presets;
        this.preprocessor = preprocessor;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    List<PreparedImage> prepare(ImageSource source, StudyEvent event, ImageRef ref) throws AnalysisException {
        long t0 = System.nanoTime();
        byte[] bytes = source.read(event, ref);
        long t1 = System.nanoTime();
        metrics.stage(PipelineStage.FETCH, t1 - t0);
        DicomImage image;
        try {
            image = reader.decode(bytes, frames(pipeline.selectionFor(ref.modality())));
        } catch (DicomUnsupportedException e) {
            throw new AnalysisException("decode", ReasonCode.DICOM_UNSUPPORTED, e.getMessage(), e);
        } catch (DicomReadException e) {
            throw new AnalysisException("decode", ReasonCode.DICOM_CORRUPT, e.getMessage(), e);
        }
        metrics.stage(PipelineStage.DECODE, System.nanoTime() - t1);
        List<PreparedImage> out = new ArrayList<>();
        int size = preprocessor.spec().size();
        for (int i = 0; i < image.frameNumbers().size(); i++) {
            long t2 = System.nanoTime();
            float[] chw = preprocessor.apply(image.render(i, presets));
            metrics.stage(PipelineStage.PREPARE, System.nanoTime() - t2);
            out.add(new PreparedImage(ref, image.frameNumbers().get(i), new PixelTensor(chw, 3, size, size), 0, 0));
        }
        double fetchMs = (t1 - t0) / 1e6;
        double decodeMs = (System.nanoTime() - t1) / 1e6 / Math.max(1, out.size());
        return out.stream().map(p -> new PreparedImage(p.ref(), p.frame(), p.tensor(), fetchMs, decodeMs)).toList();
    }

    static FrameSelection frames(Pipeline.Selection selection) {
        return switch (selection.frames()) {
            case FIRST -> FrameSelection.first();
            case MIDDLE -> FrameSelection.middle();
            case ALL -> new FrameSelection(FrameSelection.Policy.EVENLY, selection.maxImagesPerSeries());
        };
    }
}
