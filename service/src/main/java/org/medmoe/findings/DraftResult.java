package org.medmoe.findings;

import java.time.Instant;
import java.util.List;

/**
 * A machine-generated report draft of one study revision.
 *
 * @param banner the machine-generated banner
 * @param sections technique, findings and impression
 * @param text the whole draft as text
 * @param createdAt when it was written
 */
public record DraftResult(String banner, List<Section> sections, String text, Instant createdAt) {

    /** Copies the list. */
    public DraftResult {
        sections = List.copyOf(sections);
    }

    /** The sections of a radiology report, in order. */
    public enum SectionName { TECHNIQUE, FINDINGS, IMPRESSION }

    /** One section and its sentences, in order. */
    public record Section(SectionName name, List<Sentence> sentences) {
        /** Copies the list. */
        public Section {
            sentences = List.copyOf(sentences);
        }
    }

    /**
     * A sentence and the findings it was built from.
     *
     * @param text the sentence
     * @param sources the ids of the questions behind it
     */
    public record Sentence(String text, List<String> sources) {
        /** Copies the list. */
        public Sentence {
            sources = List.copyOf(sources);
        }
    }
}
