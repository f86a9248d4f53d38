package dev.herald.loadtest.measure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which threads count as receiving and publishing, and when a step is generator-bound. */
class GeneratorThreadsTest {

    @Test
    void workOnTheReceivingLoopCountsAsReceivingNotPublishing() throws Exception {
        Vertx receiving = Vertx.vertx();
        Vertx publishing = Vertx.vertx();
        try {
            GeneratorThreads threads = GeneratorThreads.of(receiving, 1, publishing, 1);
            GeneratorThreads.Sample before = threads.sample();
            CompletableFuture<Long> spun = new CompletableFuture<>();
            receiving.runOnContext(ignored -> {
                long end = System.nanoTime() + 200_000_000L;
                long count = 0;
                while (System.nanoTime() < end) {
                    count++;
                }
                spun.complete(count);
            });
            spun.get(10, TimeUnit.SECONDS);
            GeneratorThreads.Sample after = threads.sample();

            assertTrue(after.receivePercentSince(before) > after.publishPercentSince(before),
                    after.receivePercentSince(before) + " vs " + after.publishPercentSince(before));
        } finally {
            receiving.close();
            publishing.close();
        }
    }

    @Test
    void aLoopAboveEightyPercentOfACoreIsGeneratorBound() {
        ProcessSampler.Sample idleProcess = new ProcessSampler.Sample(0, 0, 0, 1, List.of(1), new double[1]);
        ProcessSampler.Sample laterProcess = new ProcessSampler.Sample(1_000_000_000L, 0, 0.5, 1, List.of(1), new double[1]);
        GeneratorThreads.Sample start = new GeneratorThreads.Sample(0, new long[] {0, 0}, new long[] {0}, idleProcess);

        GeneratorThreads.Sample busyReceiver = new GeneratorThreads.Sample(1_000_000_000L,
                new long[] {850_000_000L, 100_000_000L}, new long[] {10_000_000L}, laterProcess);
        GeneratorThreads.Sample busyPublisher = new GeneratorThreads.Sample(1_000_000_000L,
                new long[] {100_000_000L, 0}, new long[] {810_000_000L}, laterProcess);
        GeneratorThreads.Sample neither = new GeneratorThreads.Sample(1_000_000_000L,
                new long[] {450_000_000L, 400_000_000L}, new long[] {100_000_000L}, laterProcess);

        assertTrue(busyReceiver.boundSince(start));
        assertTrue(busyPublisher.boundSince(start));
        // Two loops at 45 % and 40 % each: no loop was out of CPU (the process, at half a core, neither).
        assertFalse(neither.boundSince(start));
    }
}
