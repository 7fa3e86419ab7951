package org.medmoe.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.medmoe.runtime.CudaProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in every build and makes the GPU situation visible in the test report: skipped with
 * "CUDA not available: ..." on machines without CUDA (where the {@code gpu}-tagged tests cannot run),
 * passed where CUDA works (then run the {@code gpu} group too).
 */
class CudaAvailabilityTest {
    private static final Logger LOG = LoggerFactory.getLogger(CudaAvailabilityTest.class);

    @Test
    void shouldReportWhetherTheGpuTestsCanRunHere() {
        String reason = CudaProbe.unavailableReason();
        if (reason != null) {
            LOG.warn("CUDA not available, GPU tests (group gpu) are skipped: {}", reason);
        }
        assumeTrue(reason == null, () -> "CUDA not available: " + reason);
        LOG.info("CUDA is available: run the gpu test group (-Dmedmoe.excludedGroups= -Dgroups=gpu -Pgpu)");
    }
}
