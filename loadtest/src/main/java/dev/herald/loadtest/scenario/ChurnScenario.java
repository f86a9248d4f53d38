package dev.herald.loadtest.scenario;

import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.measure.LatencySummary;
import dev.herald.loadtest.measure.ProcessSampler;
import dev.herald.loadtest.measure.SubscriberProbe;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import dev.herald.loadtest.measure.SequenceTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Churn: keep N subscribers connected while replacing {@code --churn-rate} of them per second
 * (close a random one, open a new one) for {@code --duration}, with light publishing going on.
 * Reports the connect + disconnect rate sustained and the connect times under churn. Half of
 * the subscribers are never churned and must receive every event: connections closing around
 * them must not disturb delivery to anyone else.
 */
final class ChurnScenario implements Scenario {

    @Override
    public JsonObject run(RunContext run) {
        Options options = run.options;
        SubscriberFleet stable = new SubscriberFleet(run);
        SubscriberFleet fleet = new SubscriberFleet(run);
        int stableCount = options.subscribers() / 2;
        int churnCount = options.subscribers() - stableCount;
        run.log("connecting %d stable + %d churning %s subscribers, then churning %.0f/s for %s", stableCount,
                churnCount, options.transport().wireName(), options.churnRate(), options.duration());
        stable.connect(stableCount, run::trackingProbe,
                i -> null);
        List<SubscriberProbe> churnedProbes = new ArrayList<>();
        IntFunction<SubscriberProbe> churnedProbe = probe(run, churnedProbes);
        SubscriberFleet.ConnectResult base = fleet.connect(churnCount, churnedProbe, i -> null);
        run.log("  %d/%d connected in %.1fs", base.connected() + stable.succeeded(), options.subscribers(), base.seconds());
        Await.sleep(options.settle());
        AtomicLong disconnects = new AtomicLong();
        run.publishLoop.start(options.rate(), -1);
        long warmUp = 0;
        if (!options.warmup().isZero()) {
            // Connection setup and teardown are code paths a JVM server compiles only once they run:
            // measured cold, the window would count the JIT's work, not the churn's (as RampScenario).
            run.log("  warming up: churning %.0f/s for %s, unreported", options.churnRate(), options.warmup());
            warmUp = churn(fleet, churnedProbe, options, options.warmup(), 0, disconnects);
            long warmAttempts = churnCount + warmUp;
            long warmCloses = warmUp;
            // What the warm-up opened and closed ends before the window opens, not inside it.
            Await.until(() -> fleet.succeeded() + fleet.failed() >= warmAttempts, options.connectTimeout());
            Await.until(() -> disconnects.get() >= warmCloses, options.drain().plusSeconds(1));
        }
        fleet.resetConnectTimes();
        long failedBefore = fleet.failed();
        long succeededBefore = fleet.succeeded();
        long lostBefore = run.stats.lostConnections.sum();
        long disconnectsBefore = disconnects.get();

        ProcessSampler.Sample serverBefore = run.server.sample();
        long start = System.nanoTime();
        long churned = churn(fleet, churnedProbe, options, options.duration(), warmUp, disconnects);
        double seconds = (System.nanoTime() - start) / 1e9;
        ProcessSampler.Sample serverAfter = run.server.sample();
        Await.result(run.publishLoop.stop(), Duration.ofSeconds(30));
        long attempts = churnCount + warmUp + churned;
        Await.until(() -> fleet.succeeded() + fleet.failed() >= attempts, options.connectTimeout());

        long connects = fleet.succeeded() - succeededBefore;
        LatencySummary connectTimes = fleet.connectTimes();
        JsonObject churn = new JsonObject()
                .put("targetPerSecond", options.churnRate())
                .put("seconds", RampScenario.round(seconds))
                .put("connects", connects)
                .put("connectFailures", fleet.failed() - failedBefore)
                .put("disconnects", disconnects.get() - disconnectsBefore)
                .put("connectsPerSecond", RampScenario.round(connects / seconds))
                .put("disconnectsPerSecond", RampScenario.round((disconnects.get() - disconnectsBefore) / seconds))
                .put("connectTimeMs", connectTimes.toJson())
                .put("lostConnections", run.stats.lostConnections.sum() - lostBefore)
                .put("deliveries", run.stats.deliveries.sum())
                .put("serverCpuPercent", serverAfter.cpuPercentSince(serverBefore));
        run.log("  %.0f connects/s, %.0f disconnects/s, connect p99 %.2f ms, %d failures",
                churn.getDouble("connectsPerSecond"), churn.getDouble("disconnectsPerSecond"), connectTimes.p99(),
                churn.getLong("connectFailures"));
        Await.quiet(run.stats.deliveries::sum, Duration.ofMillis(500), options.drain());
        JsonObject correctness = Correctness.of(stable.members());
        JsonObject churnedCorrectness;
        synchronized (churnedProbes) {
            churnedCorrectness = Correctness.ofProbes(churnedProbes);
        }
        churn.put("stableCorrectness", correctness).put("churnedCorrectness", churnedCorrectness);
        // A gap inside a churned subscriber's lifetime is as much a delivery failure as one for a stable subscriber.
        correctness = Correctness.merge(correctness, churnedCorrectness);
        JsonObject subscribers = fleet.toJson().put("connectRatePerSecond", base.ratePerSecond())
                .put("stable", stable.succeeded())
                .put("lostConnections", run.stats.lostConnections.sum())
                .put("lastLossReason", run.stats.lastLossReason());
        fleet.closeAll();
        stable.closeAll();
        return new JsonObject().put("subscribers", subscribers).put("churn", churn).put("correctness", correctness);
    }

    /**
     * Replaces {@code --churn-rate} subscribers per second for {@code length}: closes a random one,
     * opens a new one (numbered from {@code first} on). Returns how many were replaced.
     */
    private static long churn(SubscriberFleet fleet, IntFunction<SubscriberProbe> churnedProbe, Options options,
            Duration length, long first, AtomicLong disconnects) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        double nanosPerChurn = 1e9 / options.churnRate();
        long churned = 0;
        while (System.nanoTime() < end) {
            long due = (long) ((System.nanoTime() - start) / nanosPerChurn);
            while (churned < due) {
                fleet.closeOne(size -> ThreadLocalRandom.current().nextInt(size), options.drain())
                        .onSuccess(ignored -> disconnects.incrementAndGet());
                fleet.connectOne(churnedProbe.apply(options.subscribers() + (int) (first + churned)), null);
                churned++;
            }
            Await.sleep(Duration.ofMillis(5));
        }
        return churned;
    }

    /**
     * Churned subscribers join mid-stream and leave early: each must receive, per stream, every
     * event published between the server confirming its subscription and the server
     * acknowledging the last publish before it left, once and in order; nothing published
     * before it asked to subscribe may arrive. A churned subscriber that got nothing of what
     * was published in its lifetime fails the run.
     */
    private static IntFunction<SubscriberProbe> probe(RunContext run, List<SubscriberProbe> created) {
        return i -> {
            int[] topics = run.topicsOf(i);
            int node = run.options.nodeOf(i);
            SubscriberProbe probe = new SubscriberProbe(node, topics, run.payload, run.statsOf(node),
                    SequenceTracker.joining(topics, run.ledger));
            synchronized (created) {
                created.add(probe);
            }
            return probe;
        };
    }
}
