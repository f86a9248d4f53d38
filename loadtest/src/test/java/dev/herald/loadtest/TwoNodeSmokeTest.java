package dev.herald.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.ConfigLoader;
import dev.herald.loadtest.cli.OptionsParser;
import dev.herald.server.HeraldServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The multi-node mode against a real cluster: two in-process Herald nodes on one redis-server
 * (the one on the PATH, as bench-cluster.sh uses), publishing through the first, subscribers
 * split over both. Each node must deliver every event, once, in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoNodeSmokeTest {

    private static final String KEY = "smoke-test-key-of-at-least-32-bytes!";
    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
    private static Process redis;
    private static HeraldServer first;
    private static HeraldServer second;

    @BeforeAll
    static void startCluster() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("loadtest-redis-");
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        awaitPort(port);
        first = node(port);
        second = node(port);
    }

    private static HeraldServer node(int redisPort) throws Exception {
        return HeraldServer.start(ConfigLoader.load(new String[] {
                "--listen", "127.0.0.1:0", "--publisher-jwt-key", KEY, "--subscriber-jwt-key", KEY, "--anonymous",
                "--redis-url", "redis://127.0.0.1:" + redisPort, "--redis-key-prefix", "smoke"}, Map.of()))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not open port " + port);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (HeraldServer node : new HeraldServer[] {first, second}) {
            if (node != null) {
                node.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bothNodesDeliverWhatOneOfThemTookIn() {
        String publishUrl = "http://127.0.0.1:" + first.port();
        String otherUrl = "http://127.0.0.1:" + second.port();
        JsonObject report = LoadRun.execute(OptionsParser.parse(new String[] {
                "--target", "herald", "--jwt-key", KEY, "--publish-url", publishUrl,
                "--subscribe-urls", publishUrl + "," + otherUrl, "--subscribers", "20", "--topics", "2",
                "--publishers", "4", "--event-loops", "1", "--rate", "200", "--step-duration", "1s", "--warmup", "0s",
                "--settle", "300ms", "--drain", "3s", "--p99-limit", "10s", "--quiet"}), SILENT);

        JsonObject step = report.getJsonArray("steps").getJsonObject(0);
        assertTrue(step.getLong("published") >= 100, report::encodePrettily);
        assertEquals(step.getLong("expectedDeliveries"), step.getLong("deliveries"), report::encodePrettily);
        JsonArray nodes = step.getJsonArray("nodes");
        assertTrue(nodes.getJsonObject(1).getDouble("deliveriesPerSecond") > 0, report::encodePrettily);
        JsonObject correctness = report.getJsonObject("correctness");
        assertEquals(20L, correctness.getLong("subscribersChecked"), report::encodePrettily);
        assertTrue(correctness.getBoolean("ok"), report::encodePrettily);
        assertEquals(Verdict.OK, Verdict.exitCode(report), report::encodePrettily);
    }
}
