package org.medmoe.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code bench pipeline} measures over one window, on each side: wall-clock, process CPU and JIT
 * compiler CPU seconds per study. The compiler's CPU time (part of the process's) is read from
 * Linux's per-thread counters of the JVM's compiler threads (in clock ticks of 1/100 s); NaN where
 * there are none.
 */
record WindowMeasure(double wall, double cpu, double jit) {
    private static final double CLOCK_TICKS_PER_SECOND = 100;

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

    static WindowMeasure since(long wallStart, long cpuStart, double jitStart, int studies) {
        return new WindowMeasure((System.nanoTime() - wallStart) / 1e9 / studies,
                (cpuNanos() - cpuStart) / 1e9 / studies, (jitSeconds() - jitStart) / studies);
    }
}
