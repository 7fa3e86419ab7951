package org.medmoe.devtools.drill;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The drill's verdict on what the output topics hold, per (study, revision) fed: exactly one
 * findings, one triage decision and one report draft, or exactly one dead letter. A revision with
 * none of them is lost; one with more than one of a kind, or with both results and a dead letter,
 * is duplicated. A planted revision must end as one dead letter with its expected reason; otherwise
 * it is wrong. Outputs of revisions that were not fed are counted as unexpected. Stateless.
 *
 * @param fed revisions fed
 * @param lost revisions with no outcome
 * @param duplicated revisions with more than one outcome of a kind, or results and a dead letter
 * @param deadLetters revisions that ended as one dead letter
 * @param planted revisions whose dead letter's reason was given beforehand
 * @param wrong planted revisions that did not end as one dead letter with the reason expected
 * @param unexpected outputs of revisions that were not fed
 * @param otherLetters reasons of the dead letters of revisions that were not planted, with their counts
 * @param someLost up to {@value #SHOWN} of the lost revisions, to look for in the logs
 */
public record DrillCheck(int fed, int lost, int duplicated, int deadLetters, int planted, int wrong, int unexpected,
        Map<String, Integer> otherLetters, List<Revision> someLost) {
    /** How many lost revisions are named. */
    static final int SHOWN = 10;


    /** A study revision, as the outputs name it. */
    public record Revision(String study, long revision) {
    }

    /** A dead letter of a study revision, with its reason code. */
    public record Letter(Revision revision, String reason) {
    }

    /**
     * Checks the outputs read from each topic against the revisions {@code fed}, of which those in
     * {@code expectedLetters} must each end as one dead letter with the reason given.
     */
    public static DrillCheck of(Collection<Revision> fed, Map<Revision, String> expectedLetters,
            List<Revision> findings, List<Revision> triage, List<Revision> drafts, List<Letter> letters) {
        Set<Revision> expected = new HashSet<>(fed);
        Map<Revision, Integer> f = count(findings);
        Map<Revision, Integer> t = count(triage);
        Map<Revision, Integer> d = count(drafts);
        Map<Revision, Integer> l = count(letters.stream().map(Letter::revision).toList());
        Map<Revision, String> reasons = new HashMap<>();
        letters.forEach(letter -> reasons.put(letter.revision(), letter.reason()));
        List<Revision> lost = new ArrayList<>();
        int duplicated = 0;
        int dead = 0;
        int wrong = 0;
        Map<String, Integer> others = new TreeMap<>();
        for (Revision r : expected) {
            int results = Math.max(f.getOrDefault(r, 0), Math.max(t.getOrDefault(r, 0), d.getOrDefault(r, 0)));
            int letter = l.getOrDefault(r, 0);
            boolean complete = f.getOrDefault(r, 0) == 1 && t.getOrDefault(r, 0) == 1 && d.getOrDefault(r, 0) == 1;
            String reason = expectedLetters.get(r);
            if (results == 0 && letter == 0) {
                lost.add(r);
            } else if (results > 1 || letter > 1 || (results > 0 && letter > 0)) {
                duplicated++;
            } else if (letter == 1) {
                dead++;
                if (reason == null) {
                    others.merge(reasons.get(r), 1, Integer::sum);
                } else if (!reason.equals(reasons.get(r))) {
                    wrong++;
                }
            } else if (!complete) {
                lost.add(r);
            } else if (reason != null) {
                wrong++;
            }
        }
        Set<Revision> outputs = new HashSet<>();
        outputs.addAll(f.keySet());
        outputs.addAll(t.keySet());
        outputs.addAll(d.keySet());
        outputs.addAll(l.keySet());
        outputs.removeAll(expected);
        int planted = (int) expectedLetters.keySet().stream().filter(expected::contains).count();
        return new DrillCheck(expected.size(), lost.size(), duplicated, dead, planted, wrong, outputs.size(), others,
                List.copyOf(lost.subList(0, Math.min(SHOWN, lost.size()))));
    }

    /** True when nothing was lost, duplicated, made up, and every planted revision ended as expected. */
    public boolean passed() {
        return lost == 0 && duplicated == 0 && unexpected == 0 && wrong == 0;
    }

    private static Map<Revision, Integer> count(List<Revision> outputs) {
        Map<Revision, Integer> out = new HashMap<>();
        outputs.forEach(r -> out.merge(r, 1, Integer::sum));
        return out;
    }
}
