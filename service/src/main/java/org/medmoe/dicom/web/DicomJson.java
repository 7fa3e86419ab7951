package org.medmoe.dicom.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One DICOM JSON object (PS3.18 F.2) as QIDO-RS and WADO-RS metadata return it, read by tag.
 *
 * @param node the JSON object, keyed by 8-digit hex tags
 */
public record DicomJson(JsonNode node) {

    /** StudyInstanceUID. */
    public static final String STUDY_UID = "0020000D";
    /** SeriesInstanceUID. */
    public static final String SERIES_UID = "0020000E";
    /** SOPInstanceUID. */
    public static final String SOP_INSTANCE_UID = "00080018";
    /** Modality. */
    public static final String MODALITY = "00080060";

    /** Checks the node. */
    public DicomJson {
        Objects.requireNonNull(node, "node");
    }

    /** First value of {@code tag} as text, or null (person names give their Alphabetic form). */
    public String string(String tag) {
        JsonNode value = node.path(tag).path("Value").path(0);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isObject()) {
            return value.path("Alphabetic").asText(null);
        }
        return value.asText();
    }

    /** All values of {@code tag} as text. */
    public List<String> strings(String tag) {
        List<String> out = new ArrayList<>();
        node.path(tag).path("Value").forEach(v -> out.add(v.asText()));
        return out;
    }
}
