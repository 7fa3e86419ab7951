package org.medmoe.devtools.bench.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code bench pipeline} measures over one window of {@code studies}, on each side: wall-clock, process CPU and JIT
 * compiler CPU seconds per study, the CPU seconds per study of each group of Java threads
 * ({@link ThreadCpu}), and the mean size of the model's batches (NaN when not counted). The compiler's CPU time (part of the process's) is read from Linux's
 * per-thread counters of the JVM's compiler threads (in clock ticks of 1/100 s); NaN where there are
 * none.
 */
record WindowMeasure(int studies, double wall, double cpu, double jit, Map<String, Double> threads, double meanBatch) {
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    /** The JIT compiler's share of the process CPU in the window (NaN where it cannot be read). */
    double jitShare() {
        return cpu > 0 ? jit / cpu : Double.NaN;
    }

    /** A window opened now. */
    static Start start() {
        ThreadCpu threads = ThreadCpu.snapshot();
        return new Start(jitSeconds(), cpuNanos(), threads, System.nanoTime());
    }

    /** The counters at a window's opening. */
    record Start(double jit, long cpu, ThreadCpu threads, long wallNanos) {
        /** The window of {@code studies}, closed now; the model ran batches of {@code meanBatch} images on average. */
        WindowMeasure end(int studies, double meanBatch) {
            long wallEnd = System.nanoTime();
            long cpuEnd = cpuNanos();
            double jitEnd = jitSeconds();
            Map<String, Double> perThread = threads.since();
            perThread.replaceAll((group, seconds) -> seconds / studies);
            return new WindowMeasure(studies, (wallEnd - wallNanos) / 1e9 / studies, (cpuEnd - cpu) / 1e9 / studies,
                    (jitEnd - jit) / studies, perThread, meanBatch);
        }
    }

    static long cpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
    }

    /** CPU seconds of the JIT compiler threads so far (user and system), or NaN. */
    static double jitSeconds() {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat = Files.readString(task.resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (stat.substring(stat.indexOf('(') + 1, close).contains("CompilerThre")) {
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
    }
}
