package org.medmoe.dicom;

/**
 * Which frames of a multi-frame object to decode for the model.
 *
 * @param policy how to choose
 * @param maxFrames at most this many frames (for {@link Policy#EVENLY} and {@link Policy#ALL})
 * @param index the 0-based frame for {@link Policy#INDEX} (0 for the other policies)
 */
public record FrameSelection(Policy policy, int maxFrames, int index) {

    /** How frames are chosen. */
    public enum Policy {
        /** The first frame only. */
        FIRST,
        /** The middle frame only (index frames / 2). */
        MIDDLE,
        /** Up to {@code maxFrames} frames spread evenly, first and last included. */
        EVENLY,
        /** All frames, up to {@code maxFrames}. */
        ALL,
        /** The frame at {@code index} only; none when the object has fewer frames. */
        INDEX
    }

    /** Checks the values. */
    public FrameSelection {
        if (policy == null || maxFrames < 1 || index < 0) {
            throw new IllegalArgumentException("policy required, maxFrames >= 1 and index >= 0");
        }
    }

    /** A selection by {@code policy} of at most {@code maxFrames} frames. */
    public FrameSelection(Policy policy, int maxFrames) {
        this(policy, maxFrames, 0);
    }

    /** The frame at 0-based {@code index} only. */
    public static FrameSelection at(int index) {
        return new FrameSelection(Policy.INDEX, 1, index);
    }

    /** The middle frame. */
    public static FrameSelection middle() {
        return new FrameSelection(Policy.MIDDLE, 1);
    }

    /** The first frame. */
    public static FrameSelection first() {
        return new FrameSelection(Policy.FIRST, 1);
    }

    /** Returns the 0-based indices of the chosen frames of an object with {@code frames} frames. */
    public int[] select(int frames) {
        if (frames < 1) {
            return new int[0];
        }
        switch (policy) {
            case FIRST:
                return new int[] {0};
            case MIDDLE:
                return new int[] {frames / 2};
            case INDEX:
                return index < frames ? new int[] {index} : new int[0];
            case ALL: {
                int n = Math.min(frames, maxFrames);
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = i;
                }
                return out;
            }
            default: {
                int n = Math.min(frames, maxFrames);
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = n == 1 ? frames / 2 : (int) Math.round(i * (frames - 1) / (double) (n - 1));
                }
                return out;
            }
        }
    }
}
