package dev.herald.loadtest.measure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one {@link MemoryPoint} of the server processes. On JVM servers it first asks each for a
 * full collection ({@code jcmd <pid> GC.run}), so garbage not yet reclaimed is not counted as
 * per-connection cost, then reads RSS, the live heap and (when tracking is on) native memory.
 * RSS is the lowest of a few samples, so a transient allocation burst does not count either.
 */
public final class ServerMemory {

    private static final int RSS_SAMPLES = 5;
    private static final Duration BETWEEN_SAMPLES = Duration.ofMillis(400);

    private final ProcessSampler sampler;
    private final List<Integer> pids;
    private final boolean jvm;

    /** @param jvm whether the server processes are JVMs that jcmd can reach */
    public ServerMemory(ProcessSampler sampler, List<Integer> pids, boolean jvm) {
        this.sampler = sampler;
        this.pids = pids;
        this.jvm = jvm;
    }

    /** Whether every JVM answered the full collection; always true for other servers. */
    public boolean collectGarbage() {
        if (!jvm) {
            return true;
        }
        boolean all = pids.stream().allMatch(pid -> Jcmd.run(pid, "GC.run").isPresent());
        pause(Duration.ofMillis(500)); // Let the collector hand pages back before RSS is read.
        return all;
    }

    public MemoryPoint read(long connections) {
        collectGarbage();
        long rss = sampler.sample().rssBytes();
        for (int i = 1; i < RSS_SAMPLES; i++) {
            pause(BETWEEN_SAMPLES);
            rss = Math.min(rss, sampler.sample().rssBytes());
        }
        return new MemoryPoint(connections, rss, jvm ? liveHeapBytes() : null, jvm ? nativeMemory() : null);
    }

    /** Summed over the JVMs; null if any could not be read. */
    private Long liveHeapBytes() {
        long total = 0;
        for (int pid : pids) {
            Optional<Long> heap = Jcmd.run(pid, "GC.class_histogram").flatMap(JvmMemory::liveHeapBytes);
            if (heap.isEmpty()) {
                return null;
            }
            total += heap.get();
        }
        return total;
    }

    /** Summed over the JVMs, per category too; null if any runs without native memory tracking. */
    private JvmMemory.NativeMemory nativeMemory() {
        long committed = 0;
        Map<String, Long> byCategory = new LinkedHashMap<>();
        for (int pid : pids) {
            Optional<JvmMemory.NativeMemory> nmt = Jcmd.run(pid, "VM.native_memory", "summary")
                    .flatMap(JvmMemory::nativeMemory);
            if (nmt.isEmpty()) {
                return null;
            }
            committed += nmt.get().committedBytes();
            nmt.get().committedBytesByCategory().forEach((category, bytes) -> byCategory.merge(category, bytes, Long::sum));
        }
        return new JvmMemory.NativeMemory(committed, byCategory);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
