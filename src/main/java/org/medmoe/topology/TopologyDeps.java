package org.medmoe.topology;

import java.time.Clock;
import java.util.Objects;
import java.util.Properties;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.ingest.StudyEventValidator;

/**
 * What the topology needs from the outside: topics with their serdes, the plain-Java services its
 * processors call, a clock, the Streams properties the builder validates names against, and the
 * listener told of every outcome (for metrics).
 */
public record TopologyDeps(Topics topics, StudyEventValidator validator, StudyAnalysis analysis, Clock clock,
        Properties streamsProperties, OutcomeListener outcomes) {

    public TopologyDeps {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(streamsProperties, "streamsProperties");
        Objects.requireNonNull(outcomes, "outcomes");
    }

    /** Without a listener ({@link OutcomeListener#NONE}). */
    public TopologyDeps(Topics topics, StudyEventValidator validator, StudyAnalysis analysis, Clock clock,
            Properties streamsProperties) {
        this(topics, validator, analysis, clock, streamsProperties, OutcomeListener.NONE);
    }
}
