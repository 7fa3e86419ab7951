package org.medmoe.devtools.drill;

import java.util.function.UnaryOperator;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.schema.StudyEvent;

/**
 * The drill's planted failures, wrapped around a drill instance's analysis: the analysis of one study
 * revision throws an unexpected runtime exception (it must end as one dead letter INTERNAL, never a
 * stream thread's death), and the analysis of another halts the whole process, as a native decoder's
 * crash would (it must end as one dead letter POISON_RECORD once the process has died in it as many
 * times as {@code errors.poison.record.deaths} allows). Only the drill's child processes run it
 * ({@link DrillInstanceMain}); the service never does. Immutable.
 *
 * @param throwing the revision whose analysis throws, or null
 * @param halting the revision whose analysis halts the process, or null
 */
record PoisonPlant(DrillCheck.Revision throwing, DrillCheck.Revision halting) implements UnaryOperator<StudyAnalysis> {
    /** Exit code of a process that the planted failure halted. */
    static final int HALT_CODE = 86;

    @Override
    public StudyAnalysis apply(StudyAnalysis analysis) {
        return (event, supersedes) -> {
            DrillCheck.Revision revision = new DrillCheck.Revision(event.getStudyInstanceUid(), event.getRevision());
            if (revision.equals(throwing)) {
                throw new IllegalStateException("planted by the drill: an unexpected exception in the analysis of "
                        + describe(event));
            }
            if (revision.equals(halting)) {
                System.err.println("drill: planted crash: halting the process in the analysis of " + describe(event));
                System.err.flush();
                Runtime.getRuntime().halt(HALT_CODE);
            }
            return analysis.analyze(event, supersedes);
        };
    }

    /** The two revisions as the instance's first two arguments ({@code STUDY/REVISION}, or {@code -}). */
    String[] arguments() {
        return new String[] {argument(throwing), argument(halting)};
    }

    /** Reads {@link #arguments()}. */
    static PoisonPlant parse(String throwing, String halting) {
        return new PoisonPlant(revision(throwing), revision(halting));
    }

    private static String argument(DrillCheck.Revision r) {
        return r == null ? "-" : r.study() + "/" + r.revision();
    }

    private static DrillCheck.Revision revision(String argument) {
        if (argument.equals("-")) {
            return null;
        }
        int slash = argument.lastIndexOf('/');
        return new DrillCheck.Revision(argument.substring(0, slash), Long.parseLong(argument.substring(slash + 1)));
    }

    private static String describe(StudyEvent event) {
        return "study " + event.getStudyInstanceUid() + " revision " + event.getRevision();
    }
}
