package org.medmoe.dicom.sr;

import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;

/** The coded concepts of the SR (DICOM PS3.16 code meanings). */
enum Codes {
    MEASUREMENT_REPORT("126000", "DCM", "Imaging Measurement Report"),
    LANGUAGE("121049", "DCM", "Language of Content Item and Descendants"),
    ENGLISH_US("en-US", "RFC5646", "English (United States)"),
    OBSERVER_TYPE("121005", "DCM", "Observer Type"),
    DEVICE("121007", "DCM", "Device"),
    DEVICE_OBSERVER_UID("121012", "DCM", "Device Observer UID"),
    DEVICE_OBSERVER_NAME("121013", "DCM", "Device Observer Name"),
    DEVICE_OBSERVER_MANUFACTURER("121014", "DCM", "Device Observer Manufacturer"),
    DEVICE_OBSERVER_MODEL_NAME("121015", "DCM", "Device Observer Model Name"),
    PROCEDURE_REPORTED("121058", "DCM", "Procedure reported"),
    IMAGING_PROCEDURE("363679005", "SCT", "Imaging procedure"),
    IMAGE_LIBRARY("111028", "DCM", "Image Library"),
    IMAGE_LIBRARY_GROUP("126200", "DCM", "Image Library Group"),
    QUALITATIVE_EVALUATIONS("C0034375", "UMLS", "Qualitative Evaluations"),
    PRESENT("52101004", "SCT", "Present"),
    ABSENT("2667000", "SCT", "Absent"),
    COMMENT("121106", "DCM", "Comment");

    private final String value;
    private final String scheme;
    private final String meaning;

    Codes(String value, String scheme, String meaning) {
        this.value = value;
        this.scheme = scheme;
        this.meaning = meaning;
    }

    /** A new PixelMed code sequence item for this concept. */
    CodedSequenceItem item() throws DicomException {
        return new CodedSequenceItem(value, scheme, meaning);
    }
}
