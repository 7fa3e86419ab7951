package org.medmoe.devtools.bench.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux): now ({@code VmRSS}) and at
 * its peak ({@code VmHWM}), and a reset of the peak ({@code /proc/self/clear_refs}, value 5), so one
 * model's peak can be read after another's. Where {@code /proc} is missing, the values are -1.
 * Stateless.
 */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** Current resident bytes, or -1. */
    static long residentBytes() {
        return field("VmRSS:");
    }

    /** Peak resident bytes since the start or the last {@link #resetPeak}, or -1. */
    static long peakBytes() {
        return field("VmHWM:");
    }

    /** Makes the peak the current resident size; false where the kernel does not allow it. */
    static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
