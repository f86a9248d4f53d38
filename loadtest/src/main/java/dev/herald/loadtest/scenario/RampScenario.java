package dev.herald.loadtest.scenario;

import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.measure.GeneratorThreads;
import dev.herald.loadtest.measure.HostCpu;
import dev.herald.loadtest.measure.LatencySummary;
import dev.herald.loadtest.measure.ProcessSampler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import dev.herald.loadtest.measure.DeliveryStats;
import java.util.List;

/**
 * Fan-out and many-topics: connect every subscriber, then publish at a rate that rises step by
 * step ({@code --rate}, times {@code --ramp-factor} each step) until a step fails: p99 latency
 * above {@code --p99-stop}, deliveries short, wrong deliveries, publish errors, or the server no
 * longer accepting the rate. The ramp then bisects between the highest passing and the lowest
 * failing rate ({@link RateSearch}). Every step is kept with its verdict and reason. The
 * saturating throughput is the deliveries/s of the highest passing rate; the headline ("best")
 * is the highest deliveries/s of a passing step whose p99 stayed within {@code --p99-limit}, and
 * that bound's bracket (the highest rate within it, the lowest above it) is bisected the same way
 * ({@code latencyBound}), so the headline too is known to 5 %, not to the ramp's factor.
 */
final class RampScenario implements Scenario {

    /** A step whose deliveries fall short of this share of what was published is a failed step. */
    private static final double COMPLETE_SHARE = 0.999;
    /** A step whose publishes answered successfully fall short of this share of the target rate fails. */
    private static final double ACHIEVED_SHARE = 0.99;

    @Override
    public JsonObject run(RunContext run) {
        Options options = run.options;
        SubscriberFleet fleet = new SubscriberFleet(run);
        run.log("connecting %d %s subscribers over %d topic(s) at %.0f/s", options.subscribers(),
                options.transport().wireName(), options.topics(), options.connectRate());
        SubscriberFleet.ConnectResult connected = fleet.connect(options.subscribers(),
                run::trackingProbe, i -> null);
        run.log("  %d/%d connected in %.1fs", connected.connected(), connected.requested(), connected.seconds());
        Await.sleep(options.settle());
        run.publishLoop.subscribersPerTopic(fleet.subscribersPerTopic());
        warmUp(run);

        JsonArray steps = new JsonArray();
        JsonObject best = null;
        JsonObject capacity = null;
        JsonObject saturating = null;
        JsonObject lowestFailing = null;
        String firstFailure = null;
        String aborted = null;
        RateSearch search = new RateSearch(options.rate(), options.rampFactor(), options.maxRate(), options.maxSteps());
        while (search.more()) {
            double rate = search.next();
            Step step = step(run, fleet, rate, search.bisecting() ? "bisect" : "ramp", steps);
            JsonObject result = step.result();
            if (step.withinBound() && faster(result, best)) {
                best = result;
            }
            if (step.passed() && faster(result, capacity)) {
                capacity = result;
            }
            if (step.passed() && (saturating == null || rate > saturating.getDouble("targetRate"))) {
                saturating = result;
            }
            if (!step.passed() && (lowestFailing == null || rate < lowestFailing.getDouble("targetRate"))) {
                lowestFailing = result;
            }
            if (!step.passed() && firstFailure == null) {
                firstFailure = result.getString("reason");
            }
            aborted = step.end();
            search.record(rate, step.passed(), step.end());
        }

        Bound bound = narrowBound(run, fleet, steps, best, aborted);
        best = bound.best();

        Await.until(() -> run.stats.deliveries.sum() >= run.publishLoop.expectedDeliveries.get(),
                options.drain().multipliedBy(4));
        Await.sleep(Duration.ofMillis(200));
        JsonObject correctness = Correctness.of(fleet.members());
        JsonObject subscribers = fleet.toJson().put("connectRatePerSecond", connected.ratePerSecond())
                .put("lostConnections", run.stats.lostConnections.sum())
                .put("lastLossReason", run.stats.lastLossReason());
        fleet.closeAll();
        JsonObject ramp = search.toJson();
        if (saturating != null) {
            ramp.put("saturatingDeliveriesPerSecond", saturating.getDouble("deliveriesPerSecond"))
                    .put("deliveriesPerServerCpuSecond", saturating.getDouble("deliveriesPerServerCpuSecond"));
        }
        // Either end of the bracket measured with the generator out of CPU: the figure is a lower bound.
        ramp.put("generatorBound", generatorBound(saturating) || generatorBound(lowestFailing));
        return new JsonObject()
                .put("subscribers", subscribers)
                .put("steps", steps)
                .put("stopReason", firstFailure == null ? ramp.getString("ended")
                        : firstFailure + "; " + ramp.getString("ended"))
                .put("saturation", ramp)
                .put("latencyBound", bound.json())
                .put("best", best == null ? new JsonObject() : best.copy())
                .put("capacity", capacity == null ? new JsonObject() : capacity.copy())
                .put("correctness", correctness);
    }

    /** The headline step once the latency bound's bracket is narrowed, and that search's outcome. */
    private record Bound(JsonObject best, JsonObject json) {
    }

    /**
     * The headline is judged against the latency bound ({@code --p99-limit}), so its bracket (the
     * highest rate within it, the lowest above it) is bisected like the saturating one.
     */
    private Bound narrowBound(RunContext run, SubscriberFleet fleet, JsonArray steps, JsonObject best, String aborted) {
        JsonObject aboveBound = lowestAboveBound(steps, best);
        String skipped = aborted != null ? "not searched: " + aborted
                : best == null ? "no step within the bound"
                : aboveBound == null ? "no step above the bound: the limit lies above the ramp's top" : null;
        RateSearch search = skipped != null ? null
                : RateSearch.between(best.getDouble("targetRate"), aboveBound.getDouble("targetRate"));
        while (search != null && search.more()) {
            double rate = search.next();
            Step step = step(run, fleet, rate, "bound", steps);
            if (step.withinBound()) {
                best = faster(step.result(), best) ? step.result() : best;
            } else {
                aboveBound = step.result();
            }
            search.record(rate, step.withinBound(), step.end());
        }
        JsonObject json = search == null ? new JsonObject().put("ended", skipped) : search.toJson();
        // Either end of the bracket measured with the generator out of CPU: the headline is a lower bound.
        json.put("p99LimitMs", run.options.p99Limit().toMillis())
                .put("generatorBound", generatorBound(best) || generatorBound(aboveBound));
        return new Bound(best, json);
    }

    /** A step's result, whether it passed, stayed within the latency bound, and why the search must end (or null). */
    private record Step(JsonObject result, boolean passed, boolean withinBound, String end) {
    }

    /** Runs one step, logs and keeps it; a failed step's backlog is delivered before the next one. */
    private Step step(RunContext run, SubscriberFleet fleet, double rate, String phase, JsonArray steps) {
        JsonObject result = runStep(run, fleet, rate, phase);
        steps.add(result);
        run.log("  %s", StepLine.of(result));
        boolean passed = result.getString("verdict").equals("pass");
        String end = null;
        if (!passed) {
            Duration backlogPatience = run.options.drain().multipliedBy(4);
            boolean drained = Await.until(
                    () -> run.stats.deliveries.sum() >= run.publishLoop.expectedDeliveries.get(), backlogPatience);
            if (result.getString("reason").startsWith("incorrect delivery")) {
                end = "incorrect delivery: a wrong delivery is no rate limit";
            } else if (!drained) {
                end = "backlog of a failed step not delivered within " + backlogPatience.toMillis() + " ms";
            }
        }
        return new Step(result, passed, passed && result.getBoolean("withinBound"), end);
    }

    /** The slowest step above {@code best}'s rate that missed the latency bound (passed or not); null if none. */
    private static JsonObject lowestAboveBound(JsonArray steps, JsonObject best) {
        JsonObject lowest = null;
        for (int i = 0; best != null && i < steps.size(); i++) {
            JsonObject step = steps.getJsonObject(i);
            double rate = step.getDouble("targetRate");
            boolean within = step.getString("verdict").equals("pass") && step.getBoolean("withinBound");
            if (!within && rate > best.getDouble("targetRate")
                    && (lowest == null || rate < lowest.getDouble("targetRate"))) {
                lowest = step;
            }
        }
        return lowest;
    }

    /** Publishes at the first rate for --warmup, unreported: JIT compilers on both sides settle first. */
    private static void warmUp(RunContext run) {
        Options options = run.options;
        if (!options.warmup().isZero() && options.rate() > 0) {
            run.log("  warming up for %s at %.1f/s", options.warmup(), options.rate());
            run.publishLoop.start(options.rate(), -1);
            Await.sleep(options.warmup());
            Await.result(run.publishLoop.stop(), options.drain().plusSeconds(30));
            Await.until(() -> run.stats.deliveries.sum() >= run.publishLoop.expectedDeliveries.get(), options.drain());
        }
        run.stats.latency.interval();
        run.nodeStats.forEach(node -> node.latency.interval());
    }

    private JsonObject runStep(RunContext run, SubscriberFleet fleet, double rate, String phase) {
        Options options = run.options;
        // Latencies of an earlier step's backlog belong to that step, not this one.
        run.stats.latency.interval();
        run.nodeStats.forEach(node -> node.latency.interval());
        run.publishLoop.lag.interval();
        JsonObject correctnessBefore = Correctness.of(fleet.members());
        long deliveriesBefore = run.stats.deliveries.sum();
        long[] nodeDeliveriesBefore = run.nodeStats.stream().mapToLong(node -> node.deliveries.sum()).toArray();
        long expectedBefore = run.publishLoop.expectedDeliveries.get();
        long succeededBefore = run.publishLoop.succeeded.get();
        long failedBefore = run.publishLoop.failed.get();
        long skippedBefore = run.publishLoop.skipped.get();
        ProcessSampler.Sample serverBefore = run.server.sample();
        ProcessSampler.Sample generatorBefore = run.generator.sample();
        GeneratorThreads.Sample threadsBefore = run.generatorThreads.sample();
        long[] hostBefore = HostCpu.sample();
        long start = System.nanoTime();

        run.publishLoop.start(rate, -1);
        Await.sleep(options.stepDuration());
        long deliveriesInWindow = run.stats.deliveries.sum() - deliveriesBefore;
        long[] nodeDeliveriesInWindow = run.nodeStats.stream().mapToLong(node -> node.deliveries.sum()).toArray();
        double seconds = (System.nanoTime() - start) / 1e9;
        ProcessSampler.Sample serverAfter = run.server.sample();
        ProcessSampler.Sample generatorAfter = run.generator.sample();
        GeneratorThreads.Sample threadsAfter = run.generatorThreads.sample();
        long[] hostAfter = HostCpu.sample();
        Await.result(run.publishLoop.stop(), options.drain().plusSeconds(30));
        long published = run.publishLoop.succeeded.get() - succeededBefore;
        long expected = run.publishLoop.expectedDeliveries.get() - expectedBefore;
        boolean complete = Await.until(
                () -> run.stats.deliveries.sum() - deliveriesBefore >= expected, options.drain());
        long delivered = run.stats.deliveries.sum() - deliveriesBefore;
        LatencySummary latency = LatencySummary.of(run.stats.latency.interval());
        LatencySummary lag = LatencySummary.of(run.publishLoop.lag.interval());

        // Over the schedule's own span: open loop, what it sent and the server accepted is the rate.
        double publishRate = run.publishLoop.runSeconds() > 0 ? published / run.publishLoop.runSeconds() : 0;
        long skipped = run.publishLoop.skipped.get() - skippedBefore;
        double serverCpuSeconds = serverAfter.cpuSeconds() - serverBefore.cpuSeconds();
        JsonObject step = new JsonObject()
                .put("phase", phase)
                .put("targetRate", rate)
                .put("publishRate", round(publishRate))
                .put("published", published)
                .put("publishErrors", run.publishLoop.failed.get() - failedBefore)
                .put("publishSkipped", skipped)
                .put("publishLagMs", new JsonObject().put("p50", lag.p50()).put("p99", lag.p99()).put("max", lag.max()))
                .put("expectedDeliveries", expected)
                .put("deliveries", delivered)
                .put("deliveriesPerSecond", round(deliveriesInWindow / seconds))
                .put("latencyMs", latency.toJson())
                .put("serverCpuPercent", serverAfter.cpuPercentSince(serverBefore))
                .put("serverCpuSeconds", Math.round(serverCpuSeconds * 1000) / 1000.0)
                .put("deliveriesPerServerCpuSecond", run.server.enabled() && serverCpuSeconds > 0
                        ? round(deliveriesInWindow / serverCpuSeconds) : null)
                .put("serverRssBytes", serverAfter.rssBytes())
                .put("generatorCpuPercent", generatorAfter.cpuPercentSince(generatorBefore))
                .put("generatorReceiveCpuPercent", threadsAfter.receivePercentSince(threadsBefore))
                .put("generatorPublishCpuPercent", threadsAfter.publishPercentSince(threadsBefore))
                .put("generatorBound", threadsAfter.boundSince(threadsBefore))
                .put("hostCpuPercent", HostCpu.percentBetween(hostBefore, hostAfter));
        if (run.server.roots() > 1) {
            step.put("serverCpuPercentByPid", serverAfter.cpuPercentByRootSince(serverBefore));
        }
        if (!run.nodeStats.isEmpty()) {
            step.put("nodes", nodes(run, nodeDeliveriesBefore, nodeDeliveriesInWindow, seconds));
        }
        // Every subscriber is judged at each step; the step's counts are what changed during it.
        JsonObject correctness = Correctness.since(Correctness.of(fleet.members()), correctnessBefore);
        step.put("correctness", correctness);
        // A server far behind has not lost what it has yet to deliver: the run's end judges that backlog.
        boolean lagging = !complete && delivered < expected * COMPLETE_SHARE;
        String failure = null;
        if (!correctness.getBoolean("ok") && (!lagging || Correctness.beyondMissing(correctness))) {
            failure = "incorrect delivery: " + Correctness.describe(correctness);
        } else if (step.getLong("publishErrors") > 0) {
            failure = "publish errors: " + run.publishLoop.lastFailure();
        } else if (skipped > 0) {
            failure = "publishes skipped: " + skipped + " (the publisher fell more than "
                    + PublishLoop.MAX_LAG_NANOS / 1_000_000 + " ms behind its schedule)";
        } else if (lagging) {
            failure = "deliveries fell short (" + delivered + " of " + expected + "; lost or late: judged at the end)";
        } else if (latency.p99() > options.p99Stop().toMillis()) {
            failure = "p99 above " + options.p99Stop().toMillis() + " ms";
        } else if (rate > 0 && publishRate < rate * ACHIEVED_SHARE) {
            failure = "publish rate short of the target by more than 1 % (" + round(publishRate) + " of " + rate + "/s)";
        }
        boolean withinBound = latency.p99() <= options.p99Limit().toMillis();
        return step.put("withinBound", withinBound)
                .put("verdict", failure == null ? "pass" : "fail")
                .put("reason", failure != null ? failure : withinBound ? "within bounds"
                        : "p99 above " + options.p99Limit().toMillis() + " ms, within " + options.p99Stop().toMillis() + " ms");
    }

    /** Each subscribe node's share of the step: its deliveries/s and its subscribers' latency. */
    private static JsonArray nodes(RunContext run, long[] before, long[] inWindow, double seconds) {
        JsonArray nodes = new JsonArray();
        List<DeliveryStats> stats = run.nodeStats;
        for (int node = 0; node < stats.size(); node++) {
            nodes.add(new JsonObject()
                    .put("url", run.options.subscribeUrls().get(node).toString())
                    .put("deliveriesPerSecond", round((inWindow[node] - before[node]) / seconds))
                    .put("latencyMs", LatencySummary.of(stats.get(node).latency.interval()).toJson()));
        }
        return nodes;
    }

    private static boolean generatorBound(JsonObject step) {
        return step != null && step.getBoolean("generatorBound", false);
    }

    private static boolean faster(JsonObject step, JsonObject than) {
        return than == null || step.getDouble("deliveriesPerSecond") > than.getDouble("deliveriesPerSecond");
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
