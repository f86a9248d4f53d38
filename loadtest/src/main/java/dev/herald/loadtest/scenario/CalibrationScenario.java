package dev.herald.loadtest.scenario;

import dev.herald.loadtest.calibrate.BlasterProcess;
import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.measure.GeneratorThreads;
import dev.herald.loadtest.measure.LatencySummary;
import dev.herald.loadtest.measure.ProcessSampler;
import dev.herald.loadtest.target.Connections;
import dev.herald.loadtest.target.HeraldTarget;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * The generator's own receiving ceiling: {@code --subscribers} subscribers over SSE or
 * WebSocket to a {@link dev.herald.loadtest.calibrate.Blaster} in another process, which writes
 * well-formed events as fast as the sockets take them; every event goes through the same
 * reading and checking as in a real run. After {@code --warmup}, one window of
 * {@code --step-duration} gives the deliveries/s sustained and the CPU they took. The blaster's
 * own CPU and write rate are measured too: a blaster near a full core means its figure, not
 * the generator's, was the limit.
 */
final class CalibrationScenario implements Scenario {

    @Override
    public JsonObject run(RunContext run) {
        Options options = run.options;
        try (BlasterProcess blaster = BlasterProcess.start(options.payloadBytes(), options.blasterCpus())) {
            Connections connections = new Connections(run.receiving, run.publishing, List.of(blaster.url()), blaster.url(),
                    options.sourceAddresses(), options.connectTimeout().toMillis());
            try {
                return measure(run, blaster, connections);
            } finally {
                Await.result(connections.close(), Duration.ofSeconds(10));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject measure(RunContext run, BlasterProcess blaster, Connections connections) {
        Options options = run.options;
        SubscriberFleet fleet = new SubscriberFleet(run, new HeraldTarget(connections, options.transport(), "none"));
        run.log("calibrating: %d %s subscribers to a blaster at %s (pid %d%s)", options.subscribers(),
                options.transport().wireName(), blaster.url(), blaster.pid(),
                options.blasterCpus() == null ? "" : ", cpus " + options.blasterCpus());
        SubscriberFleet.ConnectResult connected = fleet.connect(options.subscribers(), run::trackingProbe, i -> null);
        run.log("  %d/%d connected in %.1fs; warming up %s", connected.connected(), connected.requested(),
                connected.seconds(), options.warmup());
        try {
            blaster.go();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.sleep(options.warmup());

        ProcessSampler blasterCpu = new ProcessSampler(List.of((int) blaster.pid()));
        run.stats.latency.interval();
        long deliveriesBefore = run.stats.deliveries.sum();
        long writtenBefore = blaster.written();
        GeneratorThreads.Sample threadsBefore = run.generatorThreads.sample();
        ProcessSampler.Sample blasterBefore = blasterCpu.sample();
        Await.sleep(options.stepDuration());
        long deliveries = run.stats.deliveries.sum() - deliveriesBefore;
        long written = blaster.written() - writtenBefore;
        GeneratorThreads.Sample threadsAfter = run.generatorThreads.sample();
        ProcessSampler.Sample blasterAfter = blasterCpu.sample();
        double seconds = (threadsAfter.nanoTime() - threadsBefore.nanoTime()) / 1e9;

        double perSecond = RampScenario.round(deliveries / seconds);
        double cpuPercent = threadsAfter.processPercentSince(threadsBefore);
        double blasterPercent = blasterAfter.cpuPercentSince(blasterBefore);
        JsonObject calibration = new JsonObject()
                .put("transport", options.transport().wireName())
                .put("connections", connected.connected())
                .put("payloadBytes", options.payloadBytes())
                .put("seconds", RampScenario.round(seconds))
                .put("deliveriesPerSecond", perSecond)
                .put("cpuPercent", cpuPercent)
                .put("receiveCpuPercent", threadsAfter.receivePercentSince(threadsBefore))
                .put("deliveriesPerCpuSecond", cpuPercent > 0 ? RampScenario.round(perSecond * 100 / cpuPercent) : null)
                .put("usableCores", GeneratorThreads.usableCores())
                .put("latencyMs", LatencySummary.of(run.stats.latency.interval()).toJson())
                .put("blasterCpuPercent", blasterPercent)
                .put("blasterWrittenPerSecond", RampScenario.round(written / seconds))
                // The blaster writes whenever a socket takes more: below this share of its core, it was not the limit.
                .put("blasterBound", blasterPercent > GeneratorThreads.BOUND_PERCENT);
        run.log("  %.0f deliveries/s with the generator at %.1f %% CPU (receiving loop %.1f %%); blaster at %.1f %%",
                perSecond, cpuPercent, calibration.getDouble("receiveCpuPercent"), blasterPercent);
        JsonObject subscribers = fleet.toJson().put("connectRatePerSecond", connected.ratePerSecond())
                .put("lostConnections", run.stats.lostConnections.sum())
                .put("lastLossReason", run.stats.lastLossReason());
        fleet.closeAll();
        return new JsonObject().put("subscribers", subscribers).put("calibration", calibration);
    }
}
