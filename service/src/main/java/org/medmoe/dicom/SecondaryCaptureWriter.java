package org.medmoe.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.medmoe.imaging.RgbImage;

/**
 * Writes an 8-bit RGB image as a DICOM Secondary Capture instance (explicit VR little endian), for
 * sample studies: the demo's, and tests that need DICOM files with known pixels and UIDs.
 * Stateless and thread-safe.
 */
public final class SecondaryCaptureWriter {
    static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    private SecondaryCaptureWriter() {
    }

    /** Identifiers and descriptive attributes of the instance to write. */
    public record Instance(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid, String modality,
            int seriesNumber, int instanceNumber, String accessionNumber, String patientName, String patientId,
            String studyDate, String seriesDescription) {
    }

    public static byte[] write(Instance instance, RgbImage image) throws DicomReadException {
        try {
            AttributeList list = new AttributeList();
            put(list, TagFromName.SpecificCharacterSet, "ISO_IR 192");
            put(list, TagFromName.SOPClassUID, SECONDARY_CAPTURE);
            put(list, TagFromName.SOPInstanceUID, instance.sopInstanceUid());
            put(list, TagFromName.StudyInstanceUID, instance.studyInstanceUid());
            put(list, TagFromName.SeriesInstanceUID, instance.seriesInstanceUid());
            put(list, TagFromName.Modality, instance.modality());
            put(list, TagFromName.ConversionType, "SYN");
            put(list, TagFromName.SeriesNumber, Integer.toString(instance.seriesNumber()));
            put(list, TagFromName.InstanceNumber, Integer.toString(instance.instanceNumber()));
            put(list, TagFromName.AccessionNumber, instance.accessionNumber());
            put(list, TagFromName.PatientName, instance.patientName());
            put(list, TagFromName.PatientID, instance.patientId());
            put(list, TagFromName.PatientBirthDate, "");
            put(list, TagFromName.PatientSex, "");
            put(list, TagFromName.StudyDate, instance.studyDate());
            put(list, TagFromName.StudyTime, "120000");
            put(list, TagFromName.StudyID, "1");
            put(list, TagFromName.ReferringPhysicianName, "");
            put(list, TagFromName.SeriesDescription, instance.seriesDescription());
            put(list, TagFromName.PatientOrientation, "");
            put(list, TagFromName.SamplesPerPixel, "3");
            put(list, TagFromName.PhotometricInterpretation, "RGB");
            put(list, TagFromName.PlanarConfiguration, "0");
            put(list, TagFromName.Rows, Integer.toString(image.height()));
            put(list, TagFromName.Columns, Integer.toString(image.width()));
            put(list, TagFromName.BitsAllocated, "8");
            put(list, TagFromName.BitsStored, "8");
            put(list, TagFromName.HighBit, "7");
            put(list, TagFromName.PixelRepresentation, "0");
            Attribute pixels = new OtherByteAttribute(TagFromName.PixelData);
            pixels.setValues(image.rgb());
            list.put(pixels);
            FileMetaInformation.addFileMetaInformation(list, EXPLICIT_LE, "MEDMOE");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.write(out, EXPLICIT_LE, true, true);
            return out.toByteArray();
        } catch (DicomException | IOException e) {
            throw new DicomCorruptException("cannot write secondary capture " + instance.sopInstanceUid() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        if (value != null && !value.isEmpty()) {
            a.addValue(value);
        }
        list.put(a);
    }
}
