package org.medmoe.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Execution providers come from configuration; a missing one fails start-up unless CPU fallback is allowed. */
class ExecutionProviderTest {
    @TempDir
    Path temp;

    @Test
    void shouldStartOnCpuWhenCpuIsAskedFor() {
        try (OrtRuntime runtime = OrtRuntime.start(RuntimeConfig.cpu(1))) {
            assertThat(runtime.provider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(runtime.version()).isNotBlank();
        }
    }

    @Test
    void shouldFailStartUpNamingCudaWhenTheBuildHasNoCudaProvider() {
        // Given a build whose providers do not include CUDA
        RuntimeConfig config = RuntimeConfig.cuda(0, 0, false);
        ProviderSelector selector = new ProviderSelector(config, new SessionOptionsFactory(config),
                EnumSet.of(OrtProvider.CPU));
        // Then selecting fails, saying which provider and why
        assertThatThrownBy(selector::select).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("execution provider CUDA was requested but is unavailable")
                .hasMessageContaining("no CUDA provider (build with the Maven profile 'gpu')")
                .hasMessageContaining("allowCpuFallback")
                .satisfies(e -> assertThat(((ProviderUnavailableException) e).provider()).isEqualTo(ExecutionProvider.CUDA));
    }

    @Test
    void shouldFallBackToCpuWhenCudaIsMissingAndFallbackIsAllowed() {
        RuntimeConfig config = RuntimeConfig.cuda(0, 0, true);
        ProviderSelector selector = new ProviderSelector(config, new SessionOptionsFactory(config),
                EnumSet.of(OrtProvider.CPU));
        assertThat(selector.select()).isEqualTo(ExecutionProvider.CPU);
    }

    @Test
    void shouldFailStartUpWhenCudaCannotBeInitialisedOnThisMachine() {
        // Given this machine cannot run CUDA (CPU build, or no driver/libraries)
        assumeFalse(CudaProbe.available(), "CUDA is available here; the failure path is not reachable");
        // Then starting with CUDA and no fallback fails with the reason
        assertThatThrownBy(() -> OrtRuntime.start(RuntimeConfig.cuda(0, 0, false)))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("CUDA");
    }

    @Test
    void shouldRefuseAGraphFileThatDoesNotExist() {
        try (OrtRuntime runtime = OrtRuntime.start(RuntimeConfig.cpu(1))) {
            assertThatThrownBy(() -> runtime.open("vision", temp.resolve("missing.onnx")))
                    .isInstanceOf(RuntimeStartException.class).hasMessageContaining("file not found");
        }
    }

    @Test
    void shouldLetIdleIntraOpThreadsSleepUnlessSpinningIsAskedFor() throws Exception {
        // Given the runtime's environment is up (native set-up runs on a large stack)
        try (OrtRuntime runtime = OrtRuntime.start(RuntimeConfig.cpu(1))) {
            RuntimeConfig spinning = new RuntimeConfig(1, 1, OptimizationLevel.ALL, List.of(ExecutionProvider.CPU),
                    0, 0, false, true);
            // When session options are made for the default and for a spinning configuration
            try (SessionOptions quiet = new SessionOptionsFactory(RuntimeConfig.cpu(1)).create(ExecutionProvider.CPU);
                    SessionOptions spin = new SessionOptionsFactory(spinning).create(ExecutionProvider.CPU)) {
                // Then the default sleeps and the other spins
                assertThat(quiet.getConfigEntries()).containsEntry(SessionOptionsFactory.SPINNING_KEY, "0");
                assertThat(spin.getConfigEntries()).containsEntry(SessionOptionsFactory.SPINNING_KEY, "1");
            }
        }
    }

    @Test
    void shouldRefuseInvalidConfiguration() {
        assertThatThrownBy(() -> new RuntimeConfig(-1, 1, OptimizationLevel.ALL, List.of(ExecutionProvider.CPU), 0, 0,
                false, false)).hasMessageContaining("intraOpThreads");
        assertThatThrownBy(() -> new RuntimeConfig(1, 1, OptimizationLevel.ALL, List.of(), 0, 0, false, false))
                .hasMessageContaining("providers");
        assertThatThrownBy(() -> new RuntimeConfig(1, 1, OptimizationLevel.ALL, List.of(ExecutionProvider.CUDA), 0,
                -5, false, false)).hasMessageContaining("cudaMemoryLimitBytes");
    }
}
