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
 * values each frame was decoded with (rescale, and the file's VOI transform for it: per frame in
 * enhanced multi-frame objects). Immutable.
 *
 * @param header the header
 * @param identifiers patient and order identifiers (never log them)
 * @param frameNumbers 1-based numbers of the decoded frames, same order as {@code frames}
 * @param frames the decoded frames (modality values after each frame's rescale)
 * @param frameValues the values of each decoded frame, same order as {@code frames}
 */
public record DicomImage(DicomHeader header, Identifiers identifiers, List<Integer> frameNumbers,
        List<DecodedImage> frames, List<FrameValues> frameValues) {

    /** Copies the lists. */
    public DicomImage {
        Objects.requireNonNull(header, "header");
        frameNumbers = List.copyOf(frameNumbers);
        frames = List.copyOf(frames);
        frameValues = List.copyOf(frameValues);
        if (frameNumbers.size() != frames.size() || frameValues.size() != frames.size()) {
            throw new IllegalArgumentException("one frame number and one set of values per frame");
        }
    }

    /** The file's VOI LUT or window for frame {@code index} (0-based within {@link #frames()}), or null. */
    public VoiTransform fileVoi(int index) {
        return frameValues.get(index).voi();
    }

    /**
     * Chooses the VOI transform for displaying frame {@code index}: the file's own for that frame,
     * else the preset for the modality, else null (window over the frame's value range); presets
     * win when configured so.
     */
    public VoiTransform voi(int index, WindowPresets presets) {
        VoiTransform preset = presets.forModality(header.modality());
        VoiTransform own = fileVoi(index);
        if (own != null && (presets.useFileWindow() || preset == null)) {
            return own;
        }
        return preset;
    }

    /** Renders frame {@code index} (0-based within {@link #frames()}) to 8-bit RGB with its own VOI. */
    public RgbImage render(int index, WindowPresets presets) {
        return ImageRenderer.render(frames.get(index), voi(index, presets));
    }
}
