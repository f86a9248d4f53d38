package dev.herald.loadtest.measure;

import io.vertx.core.json.JsonObject;
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
 * descendants (nginx keeps its connections in worker processes under the master), in all and
 * per given pid (several server nodes and their Redis).
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

    /** How many processes were given (each counted with its descendants). */
    public int roots() {
        return roots.size();
    }

    /** One reading; all zero when no pid was given or /proc is unreadable. */
    public Sample sample() {
        long rssBytes = 0;
        long cpuTicks = 0;
        int processes = 0;
        double[] rootCpuSeconds = new double[roots.size()];
        Map<Integer, List<Integer>> children = children();
        for (int r = 0; r < roots.size(); r++) {
            long rootTicks = 0;
            for (int pid : withDescendants(roots.get(r), children)) {
                long[] reading = read(pid);
                if (reading != null) {
                    rssBytes += reading[0];
                    rootTicks += reading[1];
                    processes++;
                }
            }
            cpuTicks += rootTicks;
            rootCpuSeconds[r] = rootTicks / CLOCK_TICKS_PER_SECOND;
        }
        return new Sample(System.nanoTime(), rssBytes, cpuTicks / CLOCK_TICKS_PER_SECOND, processes, roots,
                rootCpuSeconds);
    }

    /** Children of every process, by parent pid; empty when there are no roots or /proc is unreadable. */
    private Map<Integer, List<Integer>> children() {
        Map<Integer, List<Integer>> children = new HashMap<>();
        if (roots.isEmpty()) {
            return children;
        }
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                int pid = Integer.parseInt(dir.getFileName().toString());
                String[] stat = statFields(pid);
                if (stat != null) {
                    children.computeIfAbsent(Integer.parseInt(stat[1]), ignored -> new ArrayList<>()).add(pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            children.clear();
        }
        return children;
    }

    private static List<Integer> withDescendants(int root, Map<Integer, List<Integer>> children) {
        List<Integer> all = new ArrayList<>(List.of(root));
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

    /** A reading; CPU is cumulative seconds since the processes started, in all and per given pid. */
    public record Sample(long nanoTime, long rssBytes, double cpuSeconds, int processes, List<Integer> roots,
            double[] rootCpuSeconds) {

        /** Share of one core used between {@code earlier} and this sample, in percent. */
        public double cpuPercentSince(Sample earlier) {
            return percent(cpuSeconds - earlier.cpuSeconds, earlier);
        }

        /** The same, for each given pid (with its descendants), keyed by pid. */
        public JsonObject cpuPercentByRootSince(Sample earlier) {
            JsonObject byPid = new JsonObject();
            for (int r = 0; r < roots.size(); r++) {
                byPid.put(Integer.toString(roots.get(r)), percent(rootCpuSeconds[r] - earlier.rootCpuSeconds[r], earlier));
            }
            return byPid;
        }

        private double percent(double cpuSecondsSpent, Sample earlier) {
            double seconds = (nanoTime - earlier.nanoTime) / 1e9;
            return seconds <= 0 ? 0 : Math.round(cpuSecondsSpent / seconds * 1000) / 10.0;
        }
    }
}
