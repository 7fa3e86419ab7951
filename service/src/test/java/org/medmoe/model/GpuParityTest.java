package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.runtime.CudaProbe;
import org.medmoe.runtime.ExecutionProvider;
import org.medmoe.runtime.RuntimeConfig;

/**
 * The tiny model on CUDA gives the CPU answers. Tagged {@code gpu} (left out by default; run with
 * {@code -Dmedmoe.excludedGroups= -Dgroups=gpu -Pgpu}); skipped with the reason where CUDA is missing.
 */
@Tag("gpu")
class GpuParityTest {
    @Test
    void shouldAnswerOnCudaAsOnCpu() {
        String reason = CudaProbe.unavailableReason();
        assumeTrue(reason == null, () -> "CUDA not available: " + reason);
        try (MedMoeModel cpu = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cpu(1));
                MedMoeModel gpu = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cuda(0, 1L << 30, false))) {
            assertThat(gpu.info().executionProvider()).isEqualTo(ExecutionProvider.CUDA.name());
            PixelTensor image = cpu.readImage(TinyModel.image("03-mri-right.png"));
            for (String question : ModelParityTest.QUESTIONS) {
                GeneratedAnswer a = cpu.generate(image, question, 6);
                GeneratedAnswer b = gpu.generate(image, question, 6);
                assertThat(b.tokens()).containsExactly(a.tokens());
                for (int v = 0; v < a.prefillLastLogits().length; v++) {
                    assertThat(b.prefillLastLogits()[v]).isCloseTo(a.prefillLastLogits()[v], within(1e-3f));
                }
            }
            CandidateScores s = gpu.scoreCandidates(image, "Is there an abnormality?", List.of("yes", "no"));
            CandidateScores t = cpu.scoreCandidates(image, "Is there an abnormality?", List.of("yes", "no"));
            assertThat(s.probabilities().get("yes")).isCloseTo(t.probabilities().get("yes"), within(1e-3));
        }
    }
}
