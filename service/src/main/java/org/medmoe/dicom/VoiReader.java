package org.medmoe.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.medmoe.imaging.VoiLut;
import org.medmoe.imaging.VoiTransform;
import org.medmoe.imaging.VoiWindow;

/**
 * Reads the first VOI transform stored in an object: a VOI LUT Sequence item, else the first
 * Window Center / Window Width pair (SIGMOID windows are applied as LINEAR).
 */
final class VoiReader {

    private VoiReader() {
    }

    static VoiTransform read(AttributeList list, int pixelRepresentation) {
        try {
            VoiTransform lut = lut(list, pixelRepresentation);
            return lut != null ? lut : window(list);
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            return window(list);
        }
    }

    private static VoiTransform lut(AttributeList list, int pixelRepresentation)
            throws com.pixelmed.dicom.DicomException {
        Attribute seq = list.get(TagFromName.VOILUTSequence);
        if (!(seq instanceof SequenceAttribute) || ((SequenceAttribute) seq).getNumberOfItems() == 0) {
            return null;
        }
        AttributeList item = ((SequenceAttribute) seq).getItem(0).getAttributeList();
        Attribute descriptor = item.get(TagFromName.LUTDescriptor);
        Attribute data = item.get(TagFromName.LUTData);
        if (descriptor == null || data == null || descriptor.getVM() != 3) {
            return null;
        }
        int[] d = descriptor.getIntegerValues();
        int entries = d[0] == 0 ? 65536 : d[0] & 0xFFFF;
        int first = pixelRepresentation == 1 ? (short) d[1] : d[1] & 0xFFFF;
        int bits = d[2];
        int[] table = new int[entries];
        short[] words = data.getShortValues();
        if (words == null || words.length < entries || bits < 1 || bits > 16) {
            return null;
        }
        for (int i = 0; i < entries; i++) {
            table[i] = words[i] & 0xFFFF;
        }
        return new VoiLut(first, bits, table);
    }

    private static VoiTransform window(AttributeList list) {
        double center = first(list.get(TagFromName.WindowCenter));
        double width = first(list.get(TagFromName.WindowWidth));
        if (Double.isFinite(center) && Double.isFinite(width) && width >= 1) {
            return new VoiWindow(center, width);
        }
        return null;
    }

    private static double first(Attribute attribute) {
        if (attribute == null || attribute.getVM() < 1) {
            return Double.NaN;
        }
        try {
            double[] values = attribute.getDoubleValues();
            return values == null || values.length == 0 ? Double.NaN : values[0];
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
