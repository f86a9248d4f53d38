package dev.herald.loadtest.scenario;

import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.measure.ProcessSampler;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Memory per connection: the server's RSS with N idle subscribers minus its RSS before any,
 * divided by N. Nothing is published. The "after" reading is the lowest of a few samples taken
 * once the connects settled, so a transient allocation burst does not count as per-connection cost.
 */
final class IdleScenario implements Scenario {

    private static final int AFTER_SAMPLES = 5;

    @Override
    public JsonObject run(RunContext run) {
        Options options = run.options;
        if (!run.server.enabled()) {
            run.log("no --server-pid: memory per connection will not be measured");
        }
        ProcessSampler.Sample before = run.server.sample();
        ProcessSampler.Sample beforeGc = collectGarbage(run) ? run.server.sample() : null;
        SubscriberFleet fleet = new SubscriberFleet(run);
        run.log("connecting %d idle %s subscribers at %.0f/s (server RSS before: %d KiB)", options.subscribers(),
                options.transport().wireName(), options.connectRate(), before.rssBytes() / 1024);
        SubscriberFleet.ConnectResult connected = fleet.connect(options.subscribers(),
                run::trackingProbe, i -> null);
        run.log("  %d/%d connected in %.1fs; settling %s", connected.connected(), connected.requested(),
                connected.seconds(), options.settle());
        Await.sleep(options.settle());
        ProcessSampler.Sample after = run.server.sample();
        for (int i = 1; i < AFTER_SAMPLES; i++) {
            Await.sleep(Duration.ofMillis(400));
            ProcessSampler.Sample next = run.server.sample();
            if (next.rssBytes() < after.rssBytes()) {
                after = next;
            }
        }
        ProcessSampler.Sample afterGc = beforeGc != null && collectGarbage(run) ? run.server.sample() : null;
        long stillConnected = connected.connected() - run.stats.lostConnections.sum();
        long grown = after.rssBytes() - before.rssBytes();
        JsonObject memory = new JsonObject()
                .put("rssBeforeBytes", before.rssBytes())
                .put("rssAfterBytes", after.rssBytes())
                .put("connections", stillConnected)
                .put("bytesPerConnection", stillConnected > 0 && run.server.enabled() ? grown / stillConnected : null)
                .put("serverProcesses", after.processes());
        if (afterGc != null && stillConnected > 0) {
            memory.put("rssBeforeAfterGcBytes", beforeGc.rssBytes())
                    .put("rssAfterAfterGcBytes", afterGc.rssBytes())
                    .put("bytesPerConnectionAfterGc", (afterGc.rssBytes() - beforeGc.rssBytes()) / stillConnected);
        }
        run.log("  server RSS after: %d KiB -> %s bytes per connection", after.rssBytes() / 1024,
                memory.getValue("bytesPerConnection"));
        JsonObject subscribers = fleet.toJson().put("connectRatePerSecond", connected.ratePerSecond())
                .put("lostConnections", run.stats.lostConnections.sum())
                .put("lastLossReason", run.stats.lastLossReason());
        fleet.closeAll();
        return new JsonObject().put("subscribers", subscribers).put("memory", memory);
    }

    /**
     * With {@code --jvm-gc-before-sample}, asks each server JVM for a full collection
     * ({@code jcmd <pid> GC.run}) before sampling, to see how much of the RSS growth was garbage
     * not yet reclaimed. A JVM keeps the heap it has committed, so the figure need not drop.
     * Returns whether every collection ran.
     */
    private static boolean collectGarbage(RunContext run) {
        if (!run.options.jvmGcBeforeSample() || !run.server.enabled()) {
            return false;
        }
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            for (int pid : run.options.serverPids()) {
                Process process = new ProcessBuilder(jcmd, Integer.toString(pid), "GC.run")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroy();
                    run.log("  jcmd %d GC.run failed", pid);
                    return false;
                }
            }
            Await.sleep(Duration.ofMillis(500));
            return true;
        } catch (IOException e) {
            run.log("  cannot run jcmd: %s", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
