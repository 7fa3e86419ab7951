package org.medmoe.app.deadletters;

import org.medmoe.schema.DeadLetter;

/**
 * One record of the dead-letter topic: where it sits there, its key (the study UID when known) and
 * the decoded {@link DeadLetter}.
 *
 * @param topic the dead-letter topic
 * @param partition its partition there
 * @param offset its offset there
 * @param key the record key, UTF-8, or null
 * @param letter the dead letter
 */
public record DeadLetterEntry(String topic, int partition, long offset, String key, DeadLetter letter) {

    /** {@code topic/partition@offset} of the input that failed, or {@code unknown}. */
    public String origin() {
        if (letter.getOriginalTopic() == null) {
            return "unknown";
        }
        return letter.getOriginalTopic() + "/" + letter.getPartition() + "@" + letter.getOffset();
    }

    /** {@code partition@offset} of this record in the dead-letter topic. */
    public String position() {
        return partition + "@" + offset;
    }
}
