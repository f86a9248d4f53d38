package dev.herald.loadtest.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads resident memory and CPU time of processes from /proc: the given pids plus all their
 * descendants (nginx keeps its connections in worker processes under the master).
 */
public final class ProcessSampler {

    /** USER_HZ; fixed at 100 on Linux for every architecture the JDK runs on. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;
    private static final long PAGE_BYTES = 4096;

    private final List<Integer> roots;

    public ProcessSampler(List<Integer> roots) {
        this.roots = roots;
    }

    public static ProcessSampler self() {
        return new ProcessSampler(List.of((int) ProcessHandle.current().pid()));
    }

    public boolean enabled() {
        return !roots.isEmpty();
    }

    /** One reading; all zero when no pid was given or /proc is unreadable. */
    public Sample sample() {
        long rssBytes = 0;
        long cpuTicks = 0;
        int processes = 0;
        for (int pid : withDescendants()) {
            long[] reading = read(pid);
            if (reading != null) {
                rssBytes += reading[0];
                cpuTicks += reading[1];
                processes++;
            }
        }
        return new Sample(System.nanoTime(), rssBytes, cpuTicks / CLOCK_TICKS_PER_SECOND, processes);
    }

    private List<Integer> withDescendants() {
        if (roots.isEmpty()) {
            return List.of();
        }
        Map<Integer, List<Integer>> children = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                int pid = Integer.parseInt(dir.getFileName().toString());
                String[] stat = statFields(pid);
                if (stat != null) {
                    children.computeIfAbsent(Integer.parseInt(stat[1]), ignored -> new ArrayList<>()).add(pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            return roots;
        }
        List<Integer> all = new ArrayList<>(roots);
        for (int i = 0; i < all.size(); i++) {
            all.addAll(children.getOrDefault(all.get(i), List.of()));
        }
        return all;
    }

    /** {rss bytes, utime + stime ticks}, or null if the process is gone. */
    private static long[] read(int pid) {
        String[] stat = statFields(pid);
        if (stat == null) {
            return null;
        }
        // Fields after "(comm)": state=0, ppid=1, … utime=11, stime=12, … rss=21 (pages).
        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        long rss = Long.parseLong(stat[21]) * PAGE_BYTES;
        return new long[] {rss, ticks};
    }

    /** The fields of /proc/pid/stat that follow the command name (which may hold spaces). */
    private static String[] statFields(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A reading; CPU is cumulative seconds since the processes started. */
    public record Sample(long nanoTime, long rssBytes, double cpuSeconds, int processes) {

        /** Share of one core used between {@code earlier} and this sample, in percent. */
        public double cpuPercentSince(Sample earlier) {
            double seconds = (nanoTime - earlier.nanoTime) / 1e9;
            return seconds <= 0 ? 0 : Math.round((cpuSeconds - earlier.cpuSeconds) / seconds * 1000) / 10.0;
        }
    }
}
