package dev.herald.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.loadtest.cli.OptionsParser;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publishing runs to a schedule, not to the server's answers: a hub that holds publishes up
 * shows it in the latency of every update it held, a publisher that falls behind fails the
 * step, and a hub that answers slowly still gets the whole rate, each stream in order. Every
 * bound asserted is one the fake hub imposes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenLoopPublishTest {

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
    private static final long STALL_MILLIS = 500;

    @Test
    void aStallShowsInTheLatencyOfEveryUpdateItHeldUp() throws Exception {
        // Publish 40 of 150 arrives 0.39 s into the step at 100/s: the stall lies within the step.
        try (FakeHub hub = FakeHub.stallingOnce(40, STALL_MILLIS)) {
            JsonObject report = run(hub, "--rate", "100", "--step-duration", "1500ms", "--publishers", "2");

            JsonObject step = report.getJsonArray("steps").getJsonObject(0);
            JsonObject latency = step.getJsonObject("latencyMs");
            // The first held update waited the whole stall after its scheduled time.
            assertTrue(latency.getDouble("max") >= STALL_MILLIS, report::encodePrettily);
            // The 25 updates scheduled in the stall's first half (of ~150) each waited at least half
            // of it: more than 10 %. Timed from their actual send, as a closed loop would, only the
            // one publish per stream in flight when the stall began would have been late.
            assertTrue(latency.getDouble("p90") >= STALL_MILLIS / 2.0, report::encodePrettily);
            assertEquals(0, step.getLong("publishSkipped"), report::encodePrettily);
            // Each stream had a quarter of the stall's publishes in flight at once: still in order.
            assertTrue(step.getJsonObject("correctness").getBoolean("ok"), report::encodePrettily);
            assertEquals(Verdict.OK, Verdict.exitCode(report), report::encodePrettily);
        }
    }

    @Test
    void aPublisherThatFallsBehindSkipsAndFailsTheStep() throws Exception {
        // One connection, a stall longer than the step: its pipeline fills, the schedule falls
        // more than a second behind, and what is due from then on is skipped.
        try (FakeHub hub = FakeHub.stallingOnce(5, 3_000)) {
            JsonObject report = run(hub, "--rate", "200", "--step-duration", "2500ms", "--publishers", "1",
                    "--publish-connections", "1");

            JsonObject step = report.getJsonArray("steps").getJsonObject(0);
            assertTrue(step.getLong("publishSkipped") > 0, report::encodePrettily);
            assertEquals("fail", step.getString("verdict"), report::encodePrettily);
            assertTrue(step.getString("reason").startsWith("publishes skipped"), report::encodePrettily);
            assertTrue(step.getJsonObject("publishLagMs").getDouble("max") > 0, report::encodePrettily);
            // Skipped publishes were never sent: nothing is owed for them.
            assertTrue(step.getJsonObject("correctness").getBoolean("ok"), report::encodePrettily);
        }
    }

    @Test
    void theRateIsMetAgainstAHubThatAnswersSlowly() throws Exception {
        // 200 ms per publish, one at a time per connection: 32 connections answer up to 160/s.
        try (FakeHub hub = FakeHub.answeringAfter(200)) {
            JsonObject report = run(hub, "--rate", "100", "--step-duration", "1500ms", "--publishers", "32",
                    "--publish-connections", "32");

            JsonObject step = report.getJsonArray("steps").getJsonObject(0);
            assertTrue(step.getDouble("publishRate") >= 99, report::encodePrettily);
            assertEquals(0, step.getLong("publishSkipped"), report::encodePrettily);
            assertEquals("pass", step.getString("verdict"), report::encodePrettily);
            assertTrue(step.getJsonObject("latencyMs").getDouble("p50") >= 200, report::encodePrettily);
            assertEquals(step.getLong("expectedDeliveries"), step.getLong("deliveries"), report::encodePrettily);
            assertEquals(Verdict.OK, Verdict.exitCode(report), report::encodePrettily);
        }
    }

    private static JsonObject run(FakeHub hub, String... publishing) {
        String[] common = {"--target", "herald", "--url", hub.url(), "--jwt-key", "fake-hub-key-of-at-least-32-bytes!!",
                "--event-loops", "1", "--quiet", "--subscribers", "4", "--ramp-factor", "1",
                "--warmup", "0s", "--settle", "200ms", "--drain", "1s", "--p99-limit", "100ms", "--p99-stop", "5s"};
        String[] all = new String[common.length + publishing.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(publishing, 0, all, common.length, publishing.length);
        return LoadRun.execute(OptionsParser.parse(all), SILENT);
    }
}
