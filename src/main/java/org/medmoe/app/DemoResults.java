package org.medmoe.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StudyEvent;

/** What the demo read back from the output topics, matched to the inputs it published. */
final class DemoResults {
    private final List<StudyEvent> accepted = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    void accepted(StudyEvent event) {
        accepted.add(event);
    }

    void deadLetter(DeadLetter letter) {
        deadLetters.add(letter);
    }

    int size() {
        return accepted.size() + deadLetters.size();
    }

    /** True when every input ended as expected. */
    boolean matches(List<DemoInputs.Input> inputs) {
        long expectedAccepted = inputs.stream().filter(i -> i.expect() == DemoInputs.Expect.ACCEPTED).count();
        long expectedDead = inputs.stream().filter(i -> i.expect() == DemoInputs.Expect.DEAD_LETTER).count();
        return accepted.size() == expectedAccepted && deadLetters.size() == expectedDead;
    }

    void print(PrintWriter out, List<DemoInputs.Input> inputs, List<Long> offsets) {
        out.println();
        out.printf("%-3s %-36s %-13s %s%n", "#", "input", "outcome", "detail");
        out.println("-".repeat(110));
        for (int i = 0; i < inputs.size(); i++) {
            DemoInputs.Input input = inputs.get(i);
            long offset = offsets.get(i);
            String outcome;
            String detail;
            DeadLetter letter = deadLetters.stream().filter(d -> d.getOffset() != null && d.getOffset() == offset)
                    .findFirst().orElse(null);
            StudyEvent event = input.event();
            boolean wasAccepted = event != null && accepted.stream().anyMatch(a ->
                    a.getStudyInstanceUid().equals(event.getStudyInstanceUid()) && a.getRevision() == event.getRevision());
            if (letter != null) {
                outcome = "dead letter";
                detail = letter.getReason() + ": " + letter.getMessage();
            } else if (input.expect() == DemoInputs.Expect.DUPLICATE && wasAccepted) {
                outcome = "dropped";
                detail = "repeat of study " + event.getStudyInstanceUid() + " revision " + event.getRevision();
            } else if (wasAccepted) {
                outcome = "accepted";
                detail = "study " + event.getStudyInstanceUid() + " revision " + event.getRevision();
            } else {
                outcome = "MISSING";
                detail = "no output seen";
            }
            String mark = outcome.startsWith(expectedWord(input.expect())) ? "" : "  <-- expected "
                    + expectedWord(input.expect());
            out.printf("%-3d %-36s %-13s %s%s%n", i + 1, input.description(), outcome, shorten(detail), mark);
        }
        out.flush();
    }

    private static String expectedWord(DemoInputs.Expect expect) {
        return switch (expect) {
            case ACCEPTED -> "accepted";
            case DUPLICATE -> "dropped";
            case DEAD_LETTER -> "dead letter";
        };
    }

    private static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
