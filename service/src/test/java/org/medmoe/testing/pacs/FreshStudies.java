package org.medmoe.testing.pacs;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Copies of real files with new study, series and instance UIDs (pixel data untouched), so that a
 * test sharing the one Orthanc of the run still sees a study nobody else uploaded.
 */
public final class FreshStudies {

    private FreshStudies() {
    }

    /** The file as Part-10 bytes with fresh UIDs, in its original transfer syntax. */
    public static byte[] copy(Path file) throws Exception {
        return copy(file, Map.of());
    }

    /**
     * As {@link #copy(Path)}, then each attribute named by keyword in {@code values} (e.g.
     * {@code StudyDate}, {@code PatientID}, {@code StudyInstanceUID}) set to its value, as given.
     */
    public static byte[] copy(Path file, Map<String, String> values) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try (DicomInputStream in = new DicomInputStream(Files.newInputStream(file))) {
            list.read(in);
        }
        String ts = Attribute.getSingleStringValueOrDefault(list, TagFromName.TransferSyntaxUID, "1.2.840.10008.1.2.1");
        replace(list, TagFromName.StudyInstanceUID);
        replace(list, TagFromName.SeriesInstanceUID);
        replace(list, TagFromName.SOPInstanceUID);
        for (Map.Entry<String, String> e : values.entrySet()) {
            AttributeTag tag = AttributeList.getDictionary().getTagFromName(e.getKey());
            if (tag == null) {
                throw new IllegalArgumentException("no DICOM keyword " + e.getKey());
            }
            Attribute a = list.get(tag);
            if (a == null) {
                a = AttributeFactory.newAttribute(tag, AttributeList.getDictionary().getValueRepresentationFromTag(tag));
                list.put(a);
            }
            a.removeValues();
            a.addValue(e.getValue());
        }
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, ts, "MEDMOETEST");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, ts, true, true);
        return out.toByteArray();
    }

    private static void replace(AttributeList list, AttributeTag tag) throws Exception {
        Attribute a = list.get(tag);
        a.removeValues();
        a.addValue("2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16));
    }
}
