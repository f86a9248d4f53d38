package dev.herald.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.loadtest.FakeHub.Fault;
import dev.herald.loadtest.cli.OptionsParser;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The load tester's checks against a hub that misbehaves on purpose: each kind of wrong
 * delivery must fail the step and the run, counted under its own kind; an honest hub passes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CorrectnessCheckTest {

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
    /** One publisher, so each topic is one stream and a swap of two updates is a swap in publish order. */
    private static final String[] FANOUT = {"--subscribers", "6", "--topics", "2", "--publishers", "1",
            "--rate", "100", "--step-duration", "500ms", "--warmup", "0s", "--settle", "200ms", "--drain", "500ms",
            "--p99-limit", "10s", "--ramp-factor", "1"};

    @Test
    void anHonestHubPassesEveryScenario() throws Exception {
        try (FakeHub hub = FakeHub.start(Fault.NONE)) {
            JsonObject fanout = run(hub, FANOUT);
            JsonObject step = fanout.getJsonArray("steps").getJsonObject(0);
            assertEquals("pass", step.getString("verdict"), fanout::encodePrettily);
            assertEquals(step.getLong("expectedDeliveries"), step.getLong("deliveries"), fanout::encodePrettily);
            assertClean(fanout);

            assertClean(run(hub, churn()));
        }
        try (FakeHub hub = FakeHub.start(Fault.NONE)) {
            JsonObject catchUp = run(hub, catchUp());
            assertEquals(4, catchUp.getJsonObject("catchUp").getLong("caughtUp"), catchUp::encodePrettily);
            assertClean(catchUp);
        }
    }

    /** An altered payload is a foreign event, and the update it replaced never arrived. */
    @ParameterizedTest(name = "{0} is counted as {1}")
    @CsvSource({"LOSE, missing, missing", "DUPLICATE, duplicated, duplicated", "REORDER, outOfOrder, outOfOrder",
            "FOREIGN_TOPIC, foreign, foreign", "ALTERED_PAYLOAD, foreign, missing"})
    void aMisdeliveryFailsTheStep(Fault fault, String kind, String alsoCounted) throws Exception {
        try (FakeHub hub = FakeHub.start(fault)) {
            JsonObject report = run(hub, FANOUT);

            JsonObject step = report.getJsonArray("steps").getJsonObject(0);
            // A loss of 1 % also leaves the step short of deliveries, which it reports first.
            assertEquals("fail", step.getString("verdict"), report::encodePrettily);
            assertTrue(step.getString("reason", "").startsWith(kind.equals("missing") ? "deliveries fell short"
                    : "incorrect delivery: "), report::encodePrettily);
            assertTrue(step.getJsonObject("correctness").getLong(kind) > 0, report::encodePrettily);
            assertTrue(report.getJsonObject("correctness").getLong(kind) > 0, report::encodePrettily);
            assertOnly(report.getJsonObject("correctness"), report, kind, alsoCounted);
            assertEquals(Verdict.INCORRECT, Verdict.exitCode(report), report::encodePrettily);
        }
    }

    @Test
    void overWebSocketTooAnHonestHubPassesAndALossFails() throws Exception {
        String[] overWebSocket = with(FANOUT, "--transport", "ws");
        try (FakeHub hub = FakeHub.start(Fault.NONE)) {
            assertClean(run(hub, overWebSocket));
        }
        try (FakeHub hub = FakeHub.start(Fault.LOSE)) {
            JsonObject report = run(hub, overWebSocket);
            assertEquals(3L, report.getJsonObject("correctness").getLong("missing"), report::encodePrettily);
            assertEquals(Verdict.INCORRECT, Verdict.exitCode(report), report::encodePrettily);
        }
    }

    @Test
    void aDuplicateIsNotADelivery() throws Exception {
        try (FakeHub hub = FakeHub.start(Fault.DUPLICATE)) {
            JsonObject report = run(hub, FANOUT);

            JsonObject step = report.getJsonArray("steps").getJsonObject(0);
            assertEquals(step.getLong("expectedDeliveries"), step.getLong("deliveries"), report::encodePrettily);
            assertEquals(3L, step.getJsonObject("correctness").getLong("duplicated"), report::encodePrettily);
        }
    }

    @Test
    void aChurnedSubscriberThatGetsNothingFailsTheRun() throws Exception {
        try (FakeHub hub = FakeHub.start(Fault.MUTE_LATE_SUBSCRIBERS)) {
            JsonObject report = run(hub, churn());

            JsonObject churned = report.getJsonObject("churn").getJsonObject("churnedCorrectness");
            assertTrue(churned.getLong("missing") > 0, report::encodePrettily);
            assertTrue(churned.getLong("subscribersWithProblems") > 0, report::encodePrettily);
            assertClean("stable subscribers", report.getJsonObject("churn").getJsonObject("stableCorrectness"), report);
            assertEquals(Verdict.INCORRECT, Verdict.exitCode(report), report::encodePrettily);
        }
    }

    @Test
    void aReplayMissingOneEventIsNotCaughtUp() throws Exception {
        try (FakeHub hub = FakeHub.start(Fault.LOSE_IN_REPLAY)) {
            JsonObject report = run(hub, catchUp());

            JsonObject catchUp = report.getJsonObject("catchUp");
            assertEquals(0, catchUp.getLong("caughtUp"), report::encodePrettily);
            assertEquals(4L, report.getJsonObject("correctness").getLong("missing"), report::encodePrettily);
            assertOnly(report.getJsonObject("correctness"), report, "missing");
            assertEquals(Verdict.INCORRECT, Verdict.exitCode(report), report::encodePrettily);
        }
    }

    private static String[] churn() {
        return new String[] {"--scenario", "churn", "--subscribers", "10", "--topics", "2", "--churn-rate", "10",
                "--duration", "1500ms", "--rate", "100", "--settle", "200ms", "--drain", "500ms"};
    }

    private static String[] catchUp() {
        return new String[] {"--scenario", "catch-up", "--subscribers", "4", "--catch-up-events", "50",
                "--rate", "500", "--settle", "200ms", "--duration", "2s", "--drain", "500ms"};
    }

    private static JsonObject run(FakeHub hub, String... scenario) {
        String[] common = {"--target", "herald", "--url", hub.url(), "--jwt-key", "fake-hub-key-of-at-least-32-bytes!!",
                "--event-loops", "1", "--quiet"};
        return LoadRun.execute(OptionsParser.parse(with(common, scenario)), SILENT);
    }

    private static String[] with(String[] first, String... then) {
        String[] all = new String[first.length + then.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(then, 0, all, first.length, then.length);
        return all;
    }

    private static void assertClean(JsonObject report) {
        assertClean("correctness", report.getJsonObject("correctness"), report);
        assertEquals(Verdict.OK, Verdict.exitCode(report), report::encodePrettily);
    }

    private static void assertClean(String what, JsonObject correctness, JsonObject report) {
        assertTrue(correctness.getBoolean("ok"), () -> what + ": " + report.encodePrettily());
        assertOnly(correctness, report);
    }

    /** Every kind of problem other than {@code kinds} is zero. */
    private static void assertOnly(JsonObject correctness, JsonObject report, String... kinds) {
        for (String other : new String[] {"missing", "duplicated", "outOfOrder", "unexpected", "foreign"}) {
            if (!List.of(kinds).contains(other)) {
                assertEquals(0L, correctness.getLong(other), () -> other + ": " + report.encodePrettily());
            }
        }
    }
}
