package org.medmoe.topology;

import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StudyEvent;

/** What intake made of one input record: an accepted event or a dead letter (exactly one is set). */
record IntakeOutcome(StudyEvent accepted, DeadLetter deadLetter) {

    static IntakeOutcome accept(StudyEvent event) {
        return new IntakeOutcome(event, null);
    }

    static IntakeOutcome reject(DeadLetter deadLetter) {
        return new IntakeOutcome(null, deadLetter);
    }

    boolean isDeadLetter() {
        return deadLetter != null;
    }
}
