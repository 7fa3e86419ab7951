package org.medmoe.app.deadletters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medmoe.schema.DeadLetter;

/** How {@code medmoe dead-letters list} prints one dead letter: a text line or a JSON object. Stateless. */
public final class DeadLetterFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterFormat() {
    }

    /**
     * {@code TIME  dead-letter P@O  from TOPIC/P@O  study KEY  STAGE  REASON  attempts N  MESSAGE}.
     */
    public static String line(DeadLetterEntry e) {
        DeadLetter l = e.letter();
        return String.join("  ", l.getTime().toString(), "dead-letter " + e.position(), "from " + e.origin(),
                "study " + (e.key() == null ? "-" : e.key()), l.getStage(), l.getReason().name(),
                "attempts " + l.getAttempts(), oneLine(l.getMessage()));
    }

    /** One JSON object (a single line) with the same fields, plus revision and error class. */
    public static String json(DeadLetterEntry e) {
        DeadLetter l = e.letter();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", l.getTime().toString());
        m.put("deadLetterPartition", e.partition());
        m.put("deadLetterOffset", e.offset());
        m.put("originalTopic", l.getOriginalTopic());
        m.put("originalPartition", l.getPartition());
        m.put("originalOffset", l.getOffset());
        m.put("studyKey", e.key());
        m.put("studyInstanceUid", l.getStudyInstanceUid());
        m.put("revision", l.getRevision());
        m.put("stage", l.getStage());
        m.put("reason", l.getReason().name());
        m.put("message", l.getMessage());
        m.put("errorClass", l.getErrorClass());
        m.put("attempts", l.getAttempts());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new DeadLetterException("cannot write dead letter " + e.position() + " as JSON", ex);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
