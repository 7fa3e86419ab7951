package org.medmoe.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;

/** Builds {@link DicomHeader} and {@link Identifiers} from a PixelMed attribute list. */
final class HeaderReader {

    private HeaderReader() {
    }

    static DicomHeader header(AttributeList list) {
        int bitsAllocated = integer(list, TagFromName.BitsAllocated, 0);
        int bitsStored = integer(list, TagFromName.BitsStored, bitsAllocated);
        String ts = string(list, TagFromName.TransferSyntaxUID);
        return new DicomHeader(
                string(list, TagFromName.SOPClassUID),
                string(list, TagFromName.SOPInstanceUID),
                string(list, TagFromName.StudyInstanceUID),
                string(list, TagFromName.SeriesInstanceUID),
                string(list, TagFromName.Modality),
                ts == null ? TransferSyntaxes.IMPLICIT_LE : ts,
                integer(list, TagFromName.Rows, 0),
                integer(list, TagFromName.Columns, 0),
                integer(list, TagFromName.SamplesPerPixel, 1),
                bitsAllocated,
                bitsStored,
                integer(list, TagFromName.HighBit, bitsStored - 1),
                integer(list, TagFromName.PixelRepresentation, 0),
                string(list, TagFromName.PhotometricInterpretation),
                integer(list, TagFromName.PlanarConfiguration, 0),
                Math.max(1, integer(list, TagFromName.NumberOfFrames, 1)),
                number(list, TagFromName.RescaleSlope, 1),
                number(list, TagFromName.RescaleIntercept, 0),
                FunctionalGroups.isEnhanced(list));
    }

    static Identifiers identifiers(AttributeList list) {
        return new Identifiers(string(list, TagFromName.PatientName), string(list, TagFromName.PatientID),
                string(list, TagFromName.AccessionNumber));
    }

    static String string(AttributeList list, AttributeTag tag) {
        String v = Attribute.getSingleStringValueOrNull(list, tag);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static int integer(AttributeList list, AttributeTag tag, int otherwise) {
        return Attribute.getSingleIntegerValueOrDefault(list, tag, otherwise);
    }

    static double number(AttributeList list, AttributeTag tag, double otherwise) {
        double v = Attribute.getSingleDoubleValueOrDefault(list, tag, otherwise);
        return Double.isFinite(v) ? v : otherwise;
    }
}
