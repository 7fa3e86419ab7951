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
 * the Streams properties the builder validates names against, and the listener told of every
 * outcome (for metrics).
 */
public record TopologyDeps(Topics topics, StudyEventValidator validator, StudyAnalysis analysis, SrWriteBack srWriteBack,
        Clock clock, Properties streamsProperties, OutcomeListener outcomes) {

    /** Dependencies without SR write-back and without a listener ({@link OutcomeListener#NONE}). */
    public TopologyDeps(Topics topics, StudyEventValidator validator, StudyAnalysis analysis, Clock clock,
            Properties streamsProperties) {
        this(topics, validator, analysis, SrWriteBack.DISABLED, clock, streamsProperties, OutcomeListener.NONE);
    }

    public TopologyDeps {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(srWriteBack, "srWriteBack");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(streamsProperties, "streamsProperties");
        Objects.requireNonNull(outcomes, "outcomes");
    }
}
