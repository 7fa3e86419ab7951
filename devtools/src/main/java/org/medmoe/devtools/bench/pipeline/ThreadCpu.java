package org.medmoe.devtools.bench.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CPU time of this JVM's Java threads since a snapshot, by group: a thread's name with ids, UUIDs and
 * numbers replaced by {@code #} (so the three stream threads form one group). Threads that end inside
 * the window are not counted; native threads (ONNX Runtime's pools, GC) are not Java threads and so
 * are not in it either.
 */
final class ThreadCpu {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern HEX_ID = Pattern.compile("\\b[0-9a-f]{8}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final Map<Long, Long> start;

    private ThreadCpu(Map<Long, Long> start) {
        this.start = start;
    }

    static ThreadCpu snapshot() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t);
            }
        }
        return new ThreadCpu(cpu);
    }

    /** CPU seconds per group since the snapshot. */
    Map<String, Double> since() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> groups = new TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            ThreadInfo info = threads.getThreadInfo(id);
            if (t < 0 || info == null) {
                continue;
            }
            double seconds = (t - start.getOrDefault(id, 0L)) / 1e9;
            groups.merge(group(info.getThreadName()), seconds, Double::sum);
        }
        return groups;
    }

    static String group(String threadName) {
        String name = UUID.matcher(threadName).replaceAll("#");
        name = HEX_ID.matcher(name).replaceAll("#");
        return NUMBER.matcher(name).replaceAll("#");
    }
}
