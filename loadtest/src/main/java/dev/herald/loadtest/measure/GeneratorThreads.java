package dev.herald.loadtest.measure;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How busy the generator's own event loops are: the CPU time of the receiving and of the
 * publishing threads ({@link ThreadMXBean}), and of the whole process, so that a step where
 * the generator ran out of CPU is marked: its figures are then the generator's, not the
 * server's. Thread-safe: it only reads.
 */
public final class GeneratorThreads {

    /** A thread (or the process, per core it may use) busier than this measured the generator. */
    public static final double BOUND_PERCENT = 80;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long[] receiving;
    private final long[] publishing;
    private final ProcessSampler process = ProcessSampler.self();

    private GeneratorThreads(long[] receiving, long[] publishing) {
        this.receiving = receiving;
        this.publishing = publishing;
    }

    /** The event-loop threads of each Vert.x instance, found by running a task on each loop. */
    public static GeneratorThreads of(Vertx receiving, int receiveLoops, Vertx publishing, int publishLoops) {
        return new GeneratorThreads(loopThreads(receiving, receiveLoops), loopThreads(publishing, publishLoops));
    }

    /** Each context created off Vert.x threads takes the next event loop, round robin: {@code loops} of them cover all. */
    private static long[] loopThreads(Vertx vertx, int loops) {
        Set<Long> ids = new LinkedHashSet<>();
        for (int i = 0; i < loops; i++) {
            Context context = vertx.getOrCreateContext();
            CompletableFuture<Long> id = new CompletableFuture<>();
            context.runOnContext(ignored -> id.complete(Thread.currentThread().getId()));
            try {
                ids.add(id.get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("event loop did not answer", e);
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    public Sample sample() {
        return new Sample(System.nanoTime(), cpuNanos(receiving), cpuNanos(publishing), process.sample());
    }

    /** The cores this process may run on ({@code taskset} included). */
    public static int usableCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long[] cpuNanos(long[] threads) {
        long[] nanos = new long[threads.length];
        for (int i = 0; i < threads.length; i++) {
            nanos[i] = Math.max(0, THREADS.getThreadCpuTime(threads[i]));
        }
        return nanos;
    }

    /** One reading of every thread's CPU time and of the process's. */
    public record Sample(long nanoTime, long[] receiveCpuNanos, long[] publishCpuNanos, ProcessSampler.Sample process) {

        /** The busiest receiving loop's share of a core since {@code earlier}, in percent. */
        public double receivePercentSince(Sample earlier) {
            return busiest(receiveCpuNanos, earlier.receiveCpuNanos, earlier);
        }

        /** The busiest publishing loop's share of a core since {@code earlier}, in percent. */
        public double publishPercentSince(Sample earlier) {
            return busiest(publishCpuNanos, earlier.publishCpuNanos, earlier);
        }

        /** The whole process's CPU since {@code earlier}, in percent of one core. */
        public double processPercentSince(Sample earlier) {
            return process.cpuPercentSince(earlier.process);
        }

        /**
         * Whether the generator was a limit since {@code earlier}: a receiving or publishing loop
         * above {@link #BOUND_PERCENT} of a core, or the process above that share of every core
         * it may use.
         */
        public boolean boundSince(Sample earlier) {
            return receivePercentSince(earlier) > BOUND_PERCENT || publishPercentSince(earlier) > BOUND_PERCENT
                    || processPercentSince(earlier) > BOUND_PERCENT * usableCores();
        }

        private double busiest(long[] now, long[] before, Sample earlier) {
            double seconds = (nanoTime - earlier.nanoTime) / 1e9;
            long most = 0;
            for (int i = 0; i < now.length; i++) {
                most = Math.max(most, now[i] - before[i]);
            }
            return seconds <= 0 ? 0 : Math.round(most / 1e9 / seconds * 1000) / 10.0;
        }
    }
}
