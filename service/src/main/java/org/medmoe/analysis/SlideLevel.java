package org.medmoe.analysis;

import java.util.List;
import org.medmoe.dicom.web.DicomJson;

/**
 * One instance of a whole-slide image pyramid (VL Whole Slide Microscopy, modality SM) as its
 * metadata describes it: one resolution level (or a thumbnail, label or overview image).
 *
 * @param sopInstanceUid the instance
 * @param columns width of the whole level (TotalPixelMatrixColumns, else Columns)
 * @param rows height of the whole level (TotalPixelMatrixRows, else Rows)
 * @param tileColumns Columns: width of one frame (tile)
 * @param tileRows Rows: height of one frame (tile)
 * @param frames NumberOfFrames (tiles), 1 when absent
 * @param samplesPerPixel SamplesPerPixel
 * @param bitsAllocated BitsAllocated
 * @param imageType the values of ImageType (e.g. DERIVED, PRIMARY, VOLUME, RESAMPLED)
 */
public record SlideLevel(String sopInstanceUid, long columns, long rows, int tileColumns, int tileRows, int frames,
        int samplesPerPixel, int bitsAllocated, List<String> imageType) {

    static final String TOTAL_PIXEL_MATRIX_COLUMNS = "00480006";
    static final String TOTAL_PIXEL_MATRIX_ROWS = "00480007";
    static final String COLUMNS = "00280011";
    static final String ROWS = "00280010";
    static final String NUMBER_OF_FRAMES = "00280008";
    static final String SAMPLES_PER_PIXEL = "00280002";
    static final String BITS_ALLOCATED = "00280100";
    static final String IMAGE_TYPE = "00080008";

    /** The level an instance's DICOM JSON metadata describes; null when it says nothing of its size. */
    public static SlideLevel of(DicomJson instance) {
        int tileColumns = (int) number(instance.string(COLUMNS), 0);
        int tileRows = (int) number(instance.string(ROWS), 0);
        long columns = number(instance.string(TOTAL_PIXEL_MATRIX_COLUMNS), tileColumns);
        long rows = number(instance.string(TOTAL_PIXEL_MATRIX_ROWS), tileRows);
        if (columns <= 0 || rows <= 0) {
            return null;
        }
        return new SlideLevel(instance.string(org.medmoe.dicom.web.DicomJson.SOP_INSTANCE_UID), columns, rows,
                tileColumns, tileRows, (int) Math.max(1, number(instance.string(NUMBER_OF_FRAMES), 1)),
                (int) Math.max(1, number(instance.string(SAMPLES_PER_PIXEL), 1)),
                (int) Math.max(8, number(instance.string(BITS_ALLOCATED), 8)), instance.strings(IMAGE_TYPE));
    }

    /** A label or overview image: never analysed (a label carries what is printed on the slide, often a name). */
    public boolean isLabelOrOverview() {
        return imageType.stream().anyMatch(t -> "LABEL".equals(t.trim()) || "OVERVIEW".equals(t.trim()));
    }

    /** Bytes of the whole level decoded, uncompressed. */
    public long bytes() {
        return columns * rows * samplesPerPixel * (bitsAllocated / 8);
    }

    /** True when one frame holds the whole level. */
    public boolean singleFrame() {
        return frames == 1 && tileColumns == columns && tileRows == rows;
    }

    private static long number(String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return absent;
        }
    }
}
