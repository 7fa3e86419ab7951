package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medmoe.runtime.CudaProbe;
import org.medmoe.runtime.ExecutionProvider;
import org.medmoe.runtime.OrtRuntime;
import org.medmoe.runtime.ProviderUnavailableException;
import org.medmoe.runtime.RuntimeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in every build: the runtime keeps its promise about CUDA on this machine, whichever it is.
 * Where CUDA works, asking for it runs on it (then run the {@code gpu} group too); where it does not,
 * asking for it without fallback fails naming CUDA and why, and with fallback runs on the CPU. The
 * log says which case this machine is, so the report shows why the {@code gpu} tests did not run.
 */
class CudaAvailabilityTest {
    private static final Logger LOG = LoggerFactory.getLogger(CudaAvailabilityTest.class);

    @Test
    void shouldRunOnCudaWhereItWorksAndOtherwiseSayWhyOrFallBackToTheCpu() {
        String reason = CudaProbe.unavailableReason();
        try (OrtRuntime withFallback = OrtRuntime.start(RuntimeConfig.cuda(0, 0, true))) {
            if (reason == null) {
                LOG.info("CUDA is available: run the gpu test group (-Dmedmoe.excludedGroups= -Dgroups=gpu -Pgpu)");
                assertThat(withFallback.provider()).isEqualTo(ExecutionProvider.CUDA);
                try (OrtRuntime strict = OrtRuntime.start(RuntimeConfig.cuda(0, 0, false))) {
                    assertThat(strict.provider()).isEqualTo(ExecutionProvider.CUDA);
                }
            } else {
                LOG.warn("CUDA not available, GPU tests (group gpu) are skipped: {}", reason);
                assertThat(withFallback.provider()).isEqualTo(ExecutionProvider.CPU);
                assertThatThrownBy(() -> OrtRuntime.start(RuntimeConfig.cuda(0, 0, false)).close())
                        .isInstanceOfSatisfying(ProviderUnavailableException.class,
                                e -> assertThat(e.provider()).isEqualTo(ExecutionProvider.CUDA))
                        .hasMessageStartingWith("execution provider CUDA was requested but is unavailable: ")
                        .hasMessageNotContaining("unavailable: null");
            }
        }
    }
}
