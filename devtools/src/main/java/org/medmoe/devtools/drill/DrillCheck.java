package org.medmoe.devtools.drill;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The drill's verdict on what the output topics hold, per (study, revision) fed: exactly one
 * findings, one triage decision and one report draft, or exactly one dead letter. A revision with
 * none of them is lost; one with more than one of a kind, or with both results and a dead letter,
 * is duplicated. Outputs of revisions that were not fed are counted as unexpected. Stateless.
 *
 * @param fed revisions fed
 * @param lost revisions with no outcome
 * @param duplicated revisions with more than one outcome of a kind, or results and a dead letter
 * @param deadLetters revisions that ended as one dead letter
 * @param unexpected outputs of revisions that were not fed
 */
public record DrillCheck(int fed, int lost, int duplicated, int deadLetters, int unexpected) {

    /** A study revision, as the outputs name it. */
    public record Revision(String study, long revision) {
    }

    /** Checks the outputs read from each topic against the revisions {@code fed}. */
    public static DrillCheck of(Collection<Revision> fed, List<Revision> findings, List<Revision> triage,
            List<Revision> drafts, List<Revision> letters) {
        Set<Revision> expected = new HashSet<>(fed);
        Map<Revision, Integer> f = count(findings);
        Map<Revision, Integer> t = count(triage);
        Map<Revision, Integer> d = count(drafts);
        Map<Revision, Integer> l = count(letters);
        int lost = 0;
        int duplicated = 0;
        int dead = 0;
        for (Revision r : expected) {
            int results = Math.max(f.getOrDefault(r, 0), Math.max(t.getOrDefault(r, 0), d.getOrDefault(r, 0)));
            int letter = l.getOrDefault(r, 0);
            boolean complete = f.getOrDefault(r, 0) == 1 && t.getOrDefault(r, 0) == 1 && d.getOrDefault(r, 0) == 1;
            if (results == 0 && letter == 0) {
                lost++;
            } else if (results > 1 || letter > 1 || (results > 0 && letter > 0)) {
                duplicated++;
            } else if (letter == 1) {
                dead++;
            } else if (!complete) {
                lost++;
            }
        }
        Set<Revision> outputs = new HashSet<>();
        outputs.addAll(f.keySet());
        outputs.addAll(t.keySet());
        outputs.addAll(d.keySet());
        outputs.addAll(l.keySet());
        outputs.removeAll(expected);
        return new DrillCheck(expected.size(), lost, duplicated, dead, outputs.size());
    }

    /** True when nothing was lost, duplicated or made up. */
    public boolean passed() {
        return lost == 0 && duplicated == 0 && unexpected == 0;
    }

    private static Map<Revision, Integer> count(List<Revision> outputs) {
        Map<Revision, Integer> out = new HashMap<>();
        outputs.forEach(r -> out.merge(r, 1, Integer::sum));
        return out;
    }
}
