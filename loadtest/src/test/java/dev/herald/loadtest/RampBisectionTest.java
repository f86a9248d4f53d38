package dev.herald.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.loadtest.FakeHub.Fault;
import dev.herald.loadtest.cli.OptionsParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rate ramp against a fake hub whose limit is known: it bisects down to that limit, keeps
 * every failing step with its reason, and a hub that never fails ends at the ramp's top.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RampBisectionTest {

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
    private static final double LIMIT = 140;

    @Test
    void theRampBisectsToTheHubsLimit() throws Exception {
        try (FakeHub hub = FakeHub.withLimit(LIMIT)) {
            JsonObject report = run(hub, "--rate", "25", "--ramp-factor", "2");

            JsonObject saturation = report.getJsonObject("saturation");
            double passing = saturation.getDouble("highestPassingRate");
            double failing = saturation.getDouble("lowestFailingRate");
            // The fake judges its rate over a short window: allow it 5 % of jitter on either side.
            assertTrue(passing <= LIMIT * 1.05 && failing >= LIMIT * 0.95, report::encodePrettily);
            assertTrue(saturation.getDouble("resolutionPercent") <= 5, report::encodePrettily);
            assertTrue(saturation.getInteger("bisectionSteps") > 0, report::encodePrettily);

            JsonArray steps = report.getJsonArray("steps");
            JsonObject highestPassing = steps.stream().map(JsonObject.class::cast)
                    .filter(step -> step.getDouble("targetRate") == passing).findFirst().orElseThrow();
            assertEquals("pass", highestPassing.getString("verdict"), report::encodePrettily);
            assertEquals(highestPassing.getDouble("deliveriesPerSecond"),
                    saturation.getDouble("saturatingDeliveriesPerSecond"), report::encodePrettily);
            assertTrue(saturation.getDouble("deliveriesPerServerCpuSecond") > 0, report::encodePrettily);

            long failed = steps.stream().map(JsonObject.class::cast)
                    .filter(step -> step.getString("verdict").equals("fail")).peek(step -> {
                        assertTrue(step.getString("reason").startsWith("p99 above"), report::encodePrettily);
                        assertTrue(step.getJsonObject("correctness").getBoolean("ok"), report::encodePrettily);
                    }).count();
            assertTrue(failed >= 2, report::encodePrettily);
            // The headline's bracket lies at or below the saturating one and is as narrow.
            JsonObject bound = report.getJsonObject("latencyBound");
            assertTrue(bound.getDouble("highestPassingRate") <= passing, report::encodePrettily);
            assertTrue(bound.getDouble("resolutionPercent") <= 5, report::encodePrettily);
            assertEquals(bound.getDouble("highestPassingRate"), report.getJsonObject("best").getDouble("targetRate"),
                    report::encodePrettily);
            // Late is not wrong: every update arrived once and in order.
            assertEquals(Verdict.OK, Verdict.exitCode(report), report::encodePrettily);
        }
    }

    @Test
    void theHeadlineIsBisectedAgainstTheLatencyBound() throws Exception {
        try (FakeHub hub = FakeHub.withLimit(LIMIT)) {
            // Beyond its limit the fake is 1 s late: above the 100 ms bound, within this stop bound.
            JsonObject report = run(hub, "--rate", "25", "--ramp-factor", "2", "--max-steps", "4", "--p99-stop", "1500ms");

            JsonObject bound = report.getJsonObject("latencyBound");
            double within = bound.getDouble("highestPassingRate");
            assertTrue(within <= LIMIT * 1.05 && bound.getDouble("lowestFailingRate") >= LIMIT * 0.95, report::encodePrettily);
            assertTrue(bound.getDouble("resolutionPercent") <= 5, report::encodePrettily);
            assertTrue(bound.getInteger("bisectionSteps") > 0, report::encodePrettily);
            assertEquals(within, report.getJsonObject("best").getDouble("targetRate"), report::encodePrettily);
            assertTrue(report.getJsonArray("steps").stream().map(JsonObject.class::cast)
                    .anyMatch(step -> step.getString("phase").equals("bound")), report::encodePrettily);
            // Nothing failed the stop bound: the saturating search found no limit, the bound search did.
            assertEquals(null, report.getJsonObject("saturation").getDouble("lowestFailingRate"), report::encodePrettily);
        }
    }

    @Test
    void aHubThatNeverFailsEndsAtTheTopWithoutBisecting() throws Exception {
        try (FakeHub hub = FakeHub.start(Fault.NONE)) {
            JsonObject report = run(hub, "--rate", "20", "--ramp-factor", "2", "--max-steps", "3");

            JsonArray steps = report.getJsonArray("steps");
            assertEquals(3, steps.size(), report::encodePrettily);
            steps.stream().map(JsonObject.class::cast).forEach(step -> {
                assertEquals("pass", step.getString("verdict"), report::encodePrettily);
                assertEquals("ramp", step.getString("phase"), report::encodePrettily);
            });
            JsonObject saturation = report.getJsonObject("saturation");
            assertEquals(80.0, saturation.getDouble("highestPassingRate"), report::encodePrettily);
            assertEquals(null, saturation.getDouble("lowestFailingRate"), report::encodePrettily);
            assertEquals(0, saturation.getInteger("bisectionSteps"), report::encodePrettily);
            assertEquals("top of the ramp passed (--max-steps)", saturation.getString("ended"), report::encodePrettily);
            assertEquals("no step above the bound: the limit lies above the ramp's top",
                    report.getJsonObject("latencyBound").getString("ended"), report::encodePrettily);
        }
    }

    private static JsonObject run(FakeHub hub, String... ramp) {
        String[] common = {"--target", "herald", "--url", hub.url(), "--jwt-key", "fake-hub-key-of-at-least-32-bytes!!",
                "--event-loops", "1", "--quiet", "--subscribers", "4", "--publishers", "2",
                "--step-duration", "600ms", "--warmup", "0s", "--settle", "200ms", "--drain", "1500ms",
                // Latency counts from the scheduled send, so a pause of a busy machine counts too:
                // stop well above such pauses and well below the fake's 1 s overload delay.
                "--p99-limit", "100ms", "--p99-stop", "600ms", "--server-pid", Long.toString(ProcessHandle.current().pid())};
        String[] all = new String[common.length + ramp.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(ramp, 0, all, common.length, ramp.length);
        return LoadRun.execute(OptionsParser.parse(all), SILENT);
    }
}
