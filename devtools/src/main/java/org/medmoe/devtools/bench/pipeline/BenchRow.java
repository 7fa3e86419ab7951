package org.medmoe.devtools.bench.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One batch size's row of {@code bench pipeline}'s table: medians over the measured rounds, the range
 * of the rounds' overheads, and the overhead counted to the window's last findings readable.
 */
record BenchRow(int batch, double pipelineWall, double modelWall, double overhead, double lowestOverhead,
        double highestOverhead, double readableOverhead, double pipelineCpu, double modelCpu, double pipelineJit,
        double modelJit) {

    static final String HEADER = String.format(Locale.ROOT, "%-6s %14s %14s %11s %10s %17s %12s %13s %13s %13s %13s",
            "batch", "pipeline s/st", "model s/st", "studies/s", "overhead", "overhead range", "to readable",
            "pipeline cpu", "model cpu", "pipeline jit", "model jit");

    /**
     * The row of rounds whose windows are {@code pipelines.get(i)} and {@code models.get(i)}; the findings
     * of round i's pipeline window were all readable {@code commitWaits.get(i)} seconds after it ended.
     */
    static BenchRow of(int batch, List<WindowMeasure> pipelines, List<WindowMeasure> models, List<Double> commitWaits) {
        if (pipelines.isEmpty() || pipelines.size() != models.size() || pipelines.size() != commitWaits.size()) {
            throw new IllegalArgumentException("need as many pipeline as model windows and commit waits, at least one "
                    + "(were " + pipelines.size() + ", " + models.size() + " and " + commitWaits.size() + ")");
        }
        double[] overheads = new double[pipelines.size()];
        double[] readable = new double[pipelines.size()];
        for (int i = 0; i < overheads.length; i++) {
            WindowMeasure p = pipelines.get(i);
            overheads[i] = p.wall() / models.get(i).wall() - 1;
            readable[i] = (p.wall() + commitWaits.get(i) / p.studies()) / models.get(i).wall() - 1;
        }
        return new BenchRow(batch, median(pipelines, WindowMeasure::wall), median(models, WindowMeasure::wall),
                median(overheads), Arrays.stream(overheads).min().orElseThrow(),
                Arrays.stream(overheads).max().orElseThrow(), median(readable), median(pipelines, WindowMeasure::cpu),
                median(models, WindowMeasure::cpu), median(pipelines, WindowMeasure::jit),
                median(models, WindowMeasure::jit));
    }

    String line() {
        String range = String.format(Locale.ROOT, "%.1f..%.1f%%", lowestOverhead * 100, highestOverhead * 100);
        return String.format(Locale.ROOT, "%-6d %14.4f %14.4f %11.1f %9.1f%% %17s %11.1f%% %13.4f %13.4f %13.4f %13.4f",
                batch, pipelineWall, modelWall, 1 / pipelineWall, overhead * 100, range, readableOverhead * 100,
                pipelineCpu, modelCpu, pipelineJit, modelJit);
    }

    private static double median(List<WindowMeasure> windows, ToDoubleFunction<WindowMeasure> figure) {
        return median(windows.stream().mapToDouble(figure).toArray());
    }

    /** The median; for an even count, the mean of the two middle values. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
