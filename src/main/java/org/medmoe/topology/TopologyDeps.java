package org.medmoe.topology;

import java.time.Clock;
import java.util.Objects;
import java.util.Properties;
import org.medmoe.analysis.SrWriteBack;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.ingest.StudyEventValidator;

/**
 * What the topology needs from the outside: topics with their serdes, the plain-Java services its
 * processors call (the SR write-back is {@link SrWriteBack#DISABLED} unless configured), a clock,
 * and the Streams properties the builder validates names against.
 */
public record TopologyDeps(Topics topics, StudyEventValidator validator, StudyAnalysis analysis, SrWriteBack srWriteBack,
        Clock clock, Properties streamsProperties) {

    /** Dependencies without SR write-back. */
    public TopologyDeps(Topics topics, StudyEventValidator validator, StudyAnalysis analysis, Clock clock,
            Properties streamsProperties) {
        this(topics, validator, analysis, SrWriteBack.DISABLED, clock, streamsProperties);
    }

    public TopologyDeps {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(srWriteBack, "srWriteBack");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(streamsProperties, "streamsProperties");
    }
}
