package org.medmoe.app.config;

import java.util.List;

/** DICOM modality defined terms (PS3.3 C.7.3.1.1.1), the default list of accepted modality codes. */
final class DicomModalities {
    static final List<String> DEFINED_TERMS = List.of(
            "AR", "ASMT", "AU", "BDUS", "BI", "BMD", "CR", "CT", "CTPROTOCOL", "DG", "DOC", "DX", "ECG",
            "EEG", "EMG", "EOG", "EPS", "ES", "FID", "GM", "HC", "HD", "IO", "IOL", "IVOCT", "IVUS", "KER",
            "KO", "LEN", "LS", "MG", "MR", "M3D", "NM", "OAM", "OCT", "OP", "OPM", "OPT", "OPTBSV", "OPTENF",
            "OPV", "OSS", "OT", "PLAN", "PR", "PT", "PX", "REG", "RESP", "RF", "RG", "RTDOSE", "RTIMAGE",
            "RTINTENT", "RTPLAN", "RTRAD", "RTRECORD", "RTSEGANN", "RTSTRUCT", "RWV", "SEG", "SM", "SMR", "SR",
            "SRF", "STAIN", "TEXTUREMAP", "TG", "US", "VA", "XA", "XC");

    private DicomModalities() {
    }
}
