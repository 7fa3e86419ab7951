package org.medmoe.app.topics;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link TopicReader} reads.
 *
 * @param topic the topic
 * @param fromBeginning from each partition's start (true) or only what is written from now on
 * @param follow keep reading new records (true) or stop at the end the topic had when reading began
 * @param study only records of this study (key, or the value's {@code studyInstanceUid}); null: all
 * @param max stop after this many printed records (0: no limit)
 * @param idleTimeout stop when no record arrives for this long (null: never; reading to the end still stops)
 */
public record ReadOptions(String topic, boolean fromBeginning, boolean follow, String study, long max,
        Duration idleTimeout) {

    public ReadOptions {
        Objects.requireNonNull(topic, "topic");
        if (max < 0) {
            throw new IllegalArgumentException("max must be 0 (no limit) or more, not " + max);
        }
    }
}
