package dev.herald.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.loadtest.cli.OptionsParser;
import dev.herald.server.HeraldServer;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives an in-process Herald with the load tester itself: a few hundred events per transport
 * must all arrive, once each, in order. Checks the tool and the hub together; speed is not asserted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadTesterSmokeTest {

    private static final String KEY = "smoke-test-key-of-at-least-32-bytes!";
    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
    private static HeraldServer herald;

    @BeforeAll
    static void startHerald() throws Exception {
        HeraldConfig config = ConfigLoader.load(new String[] {
                "--listen", "127.0.0.1:0", "--publisher-jwt-key", KEY, "--subscriber-jwt-key", KEY, "--anonymous"}, Map.of());
        herald = HeraldServer.start(config).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopHerald() throws Exception {
        if (herald != null) {
            herald.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sse", "ws", "longpoll"})
    void everyEventArrivesOnceAndInOrder(String transport) {
        JsonObject report = run("--transport", transport, "--subscribers", "20", "--topics", "2",
                "--rate", "200", "--step-duration", "1s", "--warmup", "0s", "--settle", "300ms", "--drain", "2s",
                "--p99-limit", "10s");

        JsonObject step = report.getJsonArray("steps").getJsonObject(0);
        assertTrue(step.getLong("published") >= 100, report::encodePrettily);
        assertEquals(step.getLong("expectedDeliveries"), step.getLong("deliveries"), report::encodePrettily);
        // The generator's own threads are measured apart, and whether they bound the step is said.
        for (String field : new String[] {"generatorReceiveCpuPercent", "generatorPublishCpuPercent", "generatorBound"}) {
            assertTrue(step.containsKey(field), field);
        }
        assertTrue(report.getJsonObject("saturation").containsKey("generatorBound"), report::encodePrettily);
        assertClean(report);
    }

    @Test
    void subscribersSpreadOverTheSubscribeUrlsAndEachNodeIsReported() {
        String url = "http://127.0.0.1:" + herald.port();
        JsonObject report = run("--publish-url", url, "--subscribe-urls", url + "," + url, "--subscribers", "21",
                "--rate", "200", "--step-duration", "1s", "--warmup", "0s", "--settle", "300ms", "--drain", "2s",
                "--p99-limit", "10s");

        JsonObject step = report.getJsonArray("steps").getJsonObject(0);
        JsonObject first = step.getJsonArray("nodes").getJsonObject(0);
        JsonObject second = step.getJsonArray("nodes").getJsonObject(1);
        // 11 subscribers on the first node, 10 on the second: each gets every event of the window.
        assertEquals(11.0 / 10, first.getDouble("deliveriesPerSecond") / second.getDouble("deliveriesPerSecond"), 0.02,
                report::encodePrettily);
        // The nodes' figures add up to the step's, up to the few events that land on a window's edge.
        assertEquals(step.getDouble("deliveriesPerSecond"),
                first.getDouble("deliveriesPerSecond") + second.getDouble("deliveriesPerSecond"),
                step.getDouble("deliveriesPerSecond") * 0.01, report::encodePrettily);
        assertTrue(second.getJsonObject("latencyMs").getLong("count") > 0, report::encodePrettily);
        assertClean(report);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sse", "ws", "longpoll"})
    void churnedSubscribersGetEverythingPublishedInTheirLifetime(String transport) {
        JsonObject report = run("--scenario", "churn", "--transport", transport, "--subscribers", "10", "--topics", "2",
                "--churn-rate", "10", "--duration", "1500ms", "--rate", "100", "--settle", "300ms", "--drain", "2s");

        JsonObject churn = report.getJsonObject("churn");
        assertTrue(churn.getLong("connects") >= 10, report::encodePrettily);
        assertTrue(churn.getJsonObject("churnedCorrectness").getLong("subscribersChecked") >= 15, report::encodePrettily);
        assertClean(report);
    }

    @Test
    void churnWarmsUpUnmeasuredThenMeasuresItsDuration() {
        JsonObject report = run("--scenario", "churn", "--transport", "sse", "--subscribers", "10",
                "--churn-rate", "10", "--warmup", "2s", "--duration", "1s", "--rate", "100", "--settle", "300ms",
                "--drain", "2s");

        JsonObject churn = report.getJsonObject("churn");
        // One second at 10/s replaces at most 11; the ~20 of the warm-up are not in the window...
        assertTrue(churn.getLong("connects") <= 11, report::encodePrettily);
        assertTrue(churn.getLong("disconnects") <= 11, report::encodePrettily);
        assertTrue(churn.getJsonObject("connectTimeMs").getLong("count") <= 11, report::encodePrettily);
        // ...but their deliveries are checked like any other churned subscriber's.
        assertTrue(churn.getJsonObject("churnedCorrectness").getLong("subscribersChecked") >= 20, report::encodePrettily);
        assertClean(report);
    }

    @Test
    void resumingSubscribersGetExactlyWhatTheyMissed() {
        JsonObject report = run("--scenario", "catch-up", "--subscribers", "10", "--catch-up-events", "200",
                "--rate", "1000", "--settle", "300ms", "--duration", "10s", "--drain", "2s");

        JsonObject catchUp = report.getJsonObject("catchUp");
        assertEquals(10, catchUp.getLong("caughtUp"), report::encodePrettily);
        assertClean(report);
    }

    private static JsonObject run(String... scenario) {
        String[] common = {"--target", "herald", "--url", "http://127.0.0.1:" + herald.port(), "--jwt-key", KEY,
                "--publishers", "4", "--event-loops", "1", "--quiet"};
        String[] args = new String[common.length + scenario.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(scenario, 0, args, common.length, scenario.length);
        return LoadRun.execute(OptionsParser.parse(args), SILENT);
    }

    private static void assertClean(JsonObject report) {
        JsonObject correctness = report.getJsonObject("correctness");
        assertEquals(0L, correctness.getLong("missing"), report::encodePrettily);
        assertEquals(0L, correctness.getLong("duplicated"), report::encodePrettily);
        assertEquals(0L, correctness.getLong("outOfOrder"), report::encodePrettily);
        assertEquals(0L, correctness.getLong("unexpected"), report::encodePrettily);
        assertEquals(0L, correctness.getLong("foreign"), report::encodePrettily);
        assertEquals(0L, report.getJsonObject("subscribers").getLong("failed"), report::encodePrettily);
        assertEquals(Verdict.OK, Verdict.exitCode(report), report::encodePrettily);
    }
}
