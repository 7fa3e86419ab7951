package org.medmoe.testing.dicom;

import java.nio.file.Path;
import java.util.List;

/**
 * Enhanced multi-frame CT objects whose frames have their own rescale and window, written by
 * {@code tools/dicom/make_enhanced.py} with pydicom from python3-pydicom's real CT_small.dcm (no
 * Debian package ships such a file; the script says what each holds).
 */
public final class EnhancedSamples {

    /** Per-frame rescale, shared window; Explicit VR Little Endian. */
    public static final String PER_FRAME_RESCALE = "enhanced_ct.dcm";
    /** The same, RLE Lossless. */
    public static final String PER_FRAME_RESCALE_RLE = "enhanced_ct_rle.dcm";
    /** Shared rescale, per-frame window. */
    public static final String PER_FRAME_WINDOW = "enhanced_ct_voi.dcm";
    /** Functional groups without rescale or window: the top-level attributes apply. */
    public static final String TOP_LEVEL = "enhanced_ct_top.dcm";

    private EnhancedSamples() {
    }

    /** Writes the four files into {@code dir} and returns their paths. */
    public static List<Path> write(Path dir) {
        PythonReference.run("make_enhanced.py", List.of(DebianSamples.pydicom("CT_small.dcm").toString(),
                dir.toString()));
        return List.of(dir.resolve(PER_FRAME_RESCALE), dir.resolve(PER_FRAME_RESCALE_RLE),
                dir.resolve(PER_FRAME_WINDOW), dir.resolve(TOP_LEVEL));
    }
}
