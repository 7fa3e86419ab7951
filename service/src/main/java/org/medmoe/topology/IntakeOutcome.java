package org.medmoe.topology;

import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StudyEvent;

/**
 * What intake made of one input record: an accepted event or a dead letter (exactly one is set).
 * An accepted event keeps the input record's key and value bytes, so that a later stage of the
 * same sub-topology can dead-letter the original input; {@code replayed} marks a replayed dead
 * letter of a revision accepted before (analysed again, not announced as accepted again).
 */
record IntakeOutcome(StudyEvent accepted, DeadLetter deadLetter, byte[] originalKey, byte[] originalValue,
        boolean replayed) {

    static IntakeOutcome accept(StudyEvent event, byte[] originalKey, byte[] originalValue) {
        return new IntakeOutcome(event, null, originalKey, originalValue, false);
    }

    static IntakeOutcome replay(StudyEvent event, byte[] originalKey, byte[] originalValue) {
        return new IntakeOutcome(event, null, originalKey, originalValue, true);
    }

    static IntakeOutcome reject(DeadLetter deadLetter) {
        return new IntakeOutcome(null, deadLetter, null, null, false);
    }

    boolean isDeadLetter() {
        return deadLetter != null;
    }
}
