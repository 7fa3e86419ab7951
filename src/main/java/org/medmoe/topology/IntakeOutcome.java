package org.medmoe.topology;

import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StudyEvent;

/**
 * What intake made of one input record: an accepted event or a dead letter (exactly one is set).
 * An accepted event keeps the input record's key and value bytes, so that a later stage of the
 * same sub-topology can dead-letter the original input.
 */
record IntakeOutcome(StudyEvent accepted, DeadLetter deadLetter, byte[] originalKey, byte[] originalValue) {

    static IntakeOutcome accept(StudyEvent event, byte[] originalKey, byte[] originalValue) {
        return new IntakeOutcome(event, null, originalKey, originalValue);
    }

    static IntakeOutcome reject(DeadLetter deadLetter) {
        return new IntakeOutcome(null, deadLetter, null, null);
    }

    boolean isDeadLetter() {
        return deadLetter != null;
    }
}
