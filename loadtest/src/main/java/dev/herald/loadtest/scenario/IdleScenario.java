package dev.herald.loadtest.scenario;

import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.measure.MemoryPoint;
import dev.herald.loadtest.measure.MemorySlope;
import dev.herald.loadtest.measure.ServerMemory;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory per connection by the slope method. Nothing is published: the subscribers connect in
 * {@code --stages} equal stages (N/3, 2N/3, N for three); after each, the same settle time, a full
 * collection on JVM servers, then a reading of the server's memory. Per connection is the
 * least-squares slope of memory over the connection count (see {@link MemorySlope}).
 */
final class IdleScenario implements Scenario {

    @Override
    public JsonObject run(RunContext run) {
        Options options = run.options;
        SubscriberFleet fleet = new SubscriberFleet(run);
        if (!run.server.enabled()) {
            run.log("no --server-pid: memory per connection will not be measured");
        }
        ServerMemory memory = new ServerMemory(run.server, options.serverPids(), options.jvmGcBeforeSample());
        MemoryPoint baseline = run.server.enabled() ? memory.read(0) : null;
        List<MemoryPoint> stages = new ArrayList<>();
        double connectSeconds = 0;
        int opened = 0;
        for (int stage = 1; stage <= options.stages(); stage++) {
            int upTo = (int) Math.round((double) options.subscribers() * stage / options.stages());
            int offset = opened;
            run.log("stage %d/%d: connecting %d more idle %s subscribers at %.0f/s", stage, options.stages(),
                    upTo - opened, options.transport().wireName(), options.connectRate());
            SubscriberFleet.ConnectResult connected = fleet.connect(upTo - opened, i -> run.trackingProbe(offset + i), i -> null);
            connectSeconds += connected.seconds();
            opened = upTo;
            Await.sleep(options.settle());
            long live = fleet.succeeded() - run.stats.lostConnections.sum();
            if (baseline != null) {
                MemoryPoint point = memory.read(live);
                stages.add(point);
                run.log("  %d connected: server RSS %d KiB%s", live, point.rssBytes() / 1024,
                        point.liveHeapBytes() == null ? "" : ", live heap " + point.liveHeapBytes() / 1024 + " KiB");
            }
        }
        JsonObject subscribers = fleet.toJson()
                .put("connectRatePerSecond", connectSeconds <= 0 ? 0 : Math.round(fleet.succeeded() / connectSeconds))
                .put("lostConnections", run.stats.lostConnections.sum())
                .put("lastLossReason", run.stats.lastLossReason());
        fleet.closeAll();
        JsonObject result = new JsonObject().put("subscribers", subscribers);
        if (baseline != null && !stages.isEmpty() && stages.get(stages.size() - 1).connections() > 0) {
            JsonObject slope = MemorySlope.toJson(baseline, stages).put("stages", options.stages())
                    .put("settle", options.settle().toMillis() + "ms").put("serverProcesses", run.server.sample().processes());
            run.log("  -> %s bytes per connection (RSS slope)", slope.getValue("rssBytesPerConnection"));
            result.put("memory", slope);
        }
        return result;
    }
}
