package org.medmoe.runtime;

/** Whether CUDA can run here, and if not, why (for test assumptions that report the skip). */
public final class CudaProbe {
    private CudaProbe() {
    }

    /** Null when CUDA is usable, otherwise the reason. */
    public static String unavailableReason() {
        try (OrtRuntime runtime = OrtRuntime.start(RuntimeConfig.cuda(0, 0, false))) {
            return null;
        } catch (ProviderUnavailableException e) {
            return e.getMessage();
        }
    }

    /** True when a CUDA session can be set up. */
    public static boolean available() {
        return unavailableReason() == null;
    }
}
