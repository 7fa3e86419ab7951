package org.medmoe.devtools.demo;

import java.util.function.Function;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;

/**
 * One input of the demo and what should become of it.
 *
 * @param description what the input is
 * @param key record key
 * @param event the event, or null when {@code rawValue} is sent as is
 * @param rawValue bytes sent instead of an event
 * @param expect what should happen
 * @param sample the sample study behind the event (truth and key image), or null
 * @param reason the dead-letter reason expected, when {@code expect} is DEAD_LETTER
 */
record DemoCase(String description, String key, StudyEvent event, byte[] rawValue, Expect expect,
        SampleStudies.Sample sample, ReasonCode reason) {

    /**
     * What should happen: findings, nothing (a repeat), a dead letter with {@code reason}, or, for
     * the user's own studies, either findings or a dead letter whose reason says why (a study
     * without images, a file the service cannot decode).
     */
    enum Expect { FINDINGS, DROPPED, DEAD_LETTER, FINDINGS_OR_DEAD_LETTER }

    byte[] value(Function<StudyEvent, byte[]> encode) {
        return event != null ? encode.apply(event) : rawValue;
    }
}
