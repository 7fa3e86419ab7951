package org.medmoe.devtools.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;

/** What the demo read back from the output topics, by study and revision. Not thread-safe. */
final class DemoOutcomes {
    /** The outputs for one (study, revision). */
    static final class Published {
        StudyFindings findings;
        TriageDecision triage;
        ReportDraft draft;

        boolean complete() {
            return findings != null && triage != null && draft != null;
        }
    }

    private final Map<String, Published> published = new LinkedHashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    static String key(String study, long revision) {
        return study + "@" + revision;
    }

    Published at(String study, long revision) {
        return published.computeIfAbsent(key(study, revision), k -> new Published());
    }

    Published get(String study, long revision) {
        return published.get(key(study, revision));
    }

    void findings(StudyFindings f) {
        at(f.getStudyInstanceUid(), f.getRevision()).findings = f;
    }

    void triage(TriageDecision t) {
        at(t.getStudyInstanceUid(), t.getRevision()).triage = t;
    }

    void draft(ReportDraft d) {
        at(d.getStudyInstanceUid(), d.getRevision()).draft = d;
    }

    void deadLetter(DeadLetter d) {
        deadLetters.add(d);
    }

    List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** The dead letter about {@code study}, or about the input at {@code offset} of the events topic. */
    DeadLetter letterFor(String study, Long offset) {
        return deadLetters.stream().filter(d -> (study != null && study.equals(d.getStudyInstanceUid()))
                || (offset != null && offset.equals(d.getOffset()) && "intake".equals(d.getStage())))
                .findFirst().orElse(null);
    }
}
