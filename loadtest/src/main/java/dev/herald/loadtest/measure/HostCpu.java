package dev.herald.loadtest.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Machine-wide CPU use from /proc/stat, in percent of one core (so up to 100 x cores). Compared
 * with the server's and the generator's own use, it shows how much of the machine something
 * else took during a measurement, which would make that measurement noisy.
 */
public final class HostCpu {

    private HostCpu() {
    }

    /** {busy ticks, total ticks} summed over all cores; zeros if /proc/stat is unreadable. */
    public static long[] sample() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i != 4 && i != 5) { // idle and iowait
                    busy += value;
                }
            }
            return new long[] {busy, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Busy share between two samples, in percent of one core. */
    public static double percentBetween(long[] before, long[] after) {
        long total = after[1] - before[1];
        int cores = Runtime.getRuntime().availableProcessors();
        return total <= 0 ? 0 : Math.round((after[0] - before[0]) * 1000.0 * cores / total) / 10.0;
    }
}
