package org.medmoe.dicom;

import java.util.List;
import java.util.Objects;
import org.medmoe.imaging.DecodedImage;
import org.medmoe.imaging.ImageRenderer;
import org.medmoe.imaging.RgbImage;
import org.medmoe.imaging.VoiTransform;
import org.medmoe.imaging.WindowPresets;

/**
 * A decoded DICOM object: its header, the frames chosen by a {@link FrameSelection}, and the
 * VOI transform stored in the file (if any). Immutable.
 *
 * @param header the header
 * @param identifiers patient and order identifiers (never log them)
 * @param frameNumbers 1-based numbers of the decoded frames, same order as {@code frames}
 * @param frames the decoded frames (modality values after rescale)
 * @param fileVoi the file's first VOI LUT or window for greyscale images, or null
 */
public record DicomImage(DicomHeader header, Identifiers identifiers, List<Integer> frameNumbers,
        List<DecodedImage> frames, VoiTransform fileVoi) {

    /** Copies the lists. */
    public DicomImage {
        Objects.requireNonNull(header, "header");
        frameNumbers = List.copyOf(frameNumbers);
        frames = List.copyOf(frames);
        if (frameNumbers.size() != frames.size()) {
            throw new IllegalArgumentException("one frame number per frame");
        }
    }

    /**
     * Chooses the VOI transform for display: the file's own, else the preset for the modality,
     * else null (window over the frame's value range); presets win when configured so.
     */
    public VoiTransform voi(WindowPresets presets) {
        VoiTransform preset = presets.forModality(header.modality());
        if (fileVoi != null && (presets.useFileWindow() || preset == null)) {
            return fileVoi;
        }
        return preset;
    }

    /** Renders frame {@code index} (0-based within {@link #frames()}) to 8-bit RGB. */
    public RgbImage render(int index, WindowPresets presets) {
        return ImageRenderer.render(frames.get(index), voi(presets));
    }
}
