package org.medmoe.topology;

import java.util.List;

/** Names of the pipeline's topics, from configuration. */
public record TopicNames(String studyEvents, String accepted, String findings, String triage, String reportDrafts,
        String deadLetters) {

    /** The names used when configuration does not change them. */
    public static TopicNames defaults() {
        return new TopicNames("pacs.study.events", "medmoe.study.accepted", "medmoe.findings", "medmoe.triage",
                "medmoe.report-drafts", "medmoe.dead-letters");
    }

    /** Every topic the service reads or writes (created at start-up when configured). */
    public List<String> all() {
        return List.of(studyEvents, accepted, findings, triage, reportDrafts, deadLetters);
    }
}
