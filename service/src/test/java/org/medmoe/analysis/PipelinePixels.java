package org.medmoe.analysis;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.ModelManifest;
import org.medmoe.pipeline.Pipeline;

/**
 * The model inputs the service's analysis prepares from one DICOM file of a folder study: the
 * {@link FramePreparer} of {@link StudyAnalyzer}, with the service's decoder limits and window
 * presets, the pipeline's selection policy for {@code modality}, and the model's pre-processing.
 */
public final class PipelinePixels {
    private PipelinePixels() {
    }

    /**
     * Per decoded frame (0-based index in the file), its tensor.
     *
     * @throws AnalysisException as the analysis would fail on the file
     */
    public static Map<Integer, PixelTensor> of(Path file, String modality, Pipeline pipeline, ModelManifest manifest)
            throws AnalysisException {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        FramePreparer preparer = new FramePreparer(reader, WindowPresets.defaults(),
                new Preprocessor(MedMoeModel.preprocessSpec(manifest)));
        ImageRef ref = new ImageRef("series", "instance", modality, file.toString());
        Map<Integer, PixelTensor> out = new LinkedHashMap<>();
        for (PreparedImage image : preparer.prepare(new FolderImageSource(reader,
                java.util.List.of(file.toAbsolutePath().getParent()), DecodeLimits.defaults().maxFileBytes()), null, ref,
                pipeline.selectionFor(modality))) {
            out.put(image.frame() - 1, image.tensor());
        }
        return out;
    }
}
