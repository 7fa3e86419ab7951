package org.medmoe.devtools.bench.pipeline;

/**
 * When {@code bench pipeline}'s warm-up of one batch size may end. It runs in rounds, each side
 * running the same new studies, and ends after at least {@code min} studies once the JIT compiler has
 * taken at most {@link #SETTLED_JIT_SHARE} of the process CPU on both sides for {@link #QUIET_ROUNDS}
 * rounds in a row (it compiles Kafka's code for minutes, and a window it still compiles in measures
 * the compiler), or after {@code max} studies whatever the compiler does. Not thread-safe.
 */
final class WarmUp {
    /** Largest share of a round's CPU the JIT compiler may take for the round to count as quiet. */
    static final double SETTLED_JIT_SHARE = 0.03;
    /** Quiet rounds in a row that end the warm-up. */
    static final int QUIET_ROUNDS = 2;
    /** Studies per round, fewer when the maximum leaves fewer. */
    static final int ROUND = 1000;

    private final int min;
    private final int max;
    private int studies;
    private int quietInARow;
    private double lastShare = Double.NaN;

    /**
     * @param min studies to run at least
     * @param max studies to run at most (at least {@code min})
     */
    WarmUp(int min, int max) {
        checkBounds(min, max);
        this.min = min;
        this.max = max;
    }

    /** Refuses a negative minimum or a maximum below the minimum, naming the command's options. */
    static void checkBounds(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("--warmup must be at least 0 and --warmup-max at least --warmup "
                    + "(were " + min + " and " + max + ")");
        }
    }

    /** Studies the next round should run; 0 when the warm-up is over. */
    int nextRound() {
        return done() ? 0 : Math.min(ROUND, max - studies);
    }

    /** Records a round of {@code count} studies and what each side measured in it. */
    void record(int count, WindowMeasure... sides) {
        studies += count;
        double share = 0;
        for (WindowMeasure side : sides) {
            share = Math.max(share, side.jitShare());
        }
        lastShare = share;
        // NaN (no compiler counters to read) never counts as quiet: the maximum then ends the warm-up.
        quietInARow = share <= SETTLED_JIT_SHARE ? quietInARow + 1 : 0;
    }

    boolean done() {
        return studies >= max || studies >= min && quietInARow >= QUIET_ROUNDS;
    }

    /** Whether it ended because the compiler had settled (rather than at the maximum). */
    boolean settled() {
        return quietInARow >= QUIET_ROUNDS;
    }

    int studies() {
        return studies;
    }

    /** The larger of the two sides' compiler share in the last round; NaN before the first. */
    double lastShare() {
        return lastShare;
    }
}
