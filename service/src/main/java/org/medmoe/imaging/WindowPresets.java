package org.medmoe.imaging;

import java.util.Map;
import java.util.Objects;

/**
 * Per-modality default windows, used when a greyscale image carries no VOI LUT and no window
 * of its own. Modalities without a default are windowed over their own value range.
 *
 * @param byModality DICOM modality code (CT, MR, ...) to window
 * @param useFileWindow when false, the presets win over the window in the file
 */
public record WindowPresets(Map<String, VoiWindow> byModality, boolean useFileWindow) {

    /** Copies the map. */
    public WindowPresets {
        byModality = Map.copyOf(Objects.requireNonNull(byModality, "byModality"));
    }

    /** Defaults: CT soft tissue; everything else from the file or its value range. */
    public static WindowPresets defaults() {
        return new WindowPresets(Map.of("CT", VoiWindow.CT_SOFT_TISSUE), true);
    }

    /** Returns the preset for {@code modality}, or null. */
    public VoiWindow forModality(String modality) {
        return modality == null ? null : byModality.get(modality);
    }
}
