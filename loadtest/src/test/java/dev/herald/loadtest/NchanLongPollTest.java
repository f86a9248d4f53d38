package dev.herald.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.loadtest.cli.OptionsParser;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Nchan long-poll reader against a real nginx + Nchan configured as the benchmark's peer
 * (rendered from peers/nchan/nginx.conf.template by bench-lib.sh): at a rate where several
 * messages queue between polls, each answer is multipart and every part must count as one
 * delivery. Skipped where nginx with the Nchan module is not installed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NchanLongPollTest {

    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so");

    @TempDir
    Path dir;
    private Process nginx;

    @AfterEach
    void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyMessageOfAMultipartAnswerIsDeliveredOnceAndInOrder() throws Exception {
        assumeTrue(Files.exists(MODULE), "nginx with the Nchan module is not installed");
        int port = freePort();
        Path prefix = dir.resolve("nchan");
        Process render = new ProcessBuilder("bash", "-c", "LT=\"$1\"; . \"$LT/bench-lib.sh\"; render_nchan_conf \"$2\" \"$3\" 1",
                "render", Path.of("").toAbsolutePath().toString(), prefix.toString(), Integer.toString(port))
                .inheritIO().start();
        assertEquals(0, render.waitFor());
        assertTrue(Files.readString(prefix.resolve("nginx.conf")).contains("nchan_longpoll_multipart_response on"));
        nginx = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        awaitListening(port);

        JsonObject report = LoadRun.execute(OptionsParser.parse(new String[] {
                "--target", "nchan", "--url", "http://127.0.0.1:" + port, "--transport", "longpoll",
                "--subscribers", "10", "--rate", "400", "--step-duration", "1s", "--warmup", "0s", "--settle", "300ms",
                "--drain", "2s", "--p99-limit", "10s", "--event-loops", "1", "--quiet"}),
                new PrintStream(OutputStream.nullOutputStream()));

        JsonObject step = report.getJsonArray("steps").getJsonObject(0);
        JsonObject correctness = report.getJsonObject("correctness");
        assertTrue(step.getLong("published") >= 200, report::encodePrettily);
        assertEquals(step.getLong("expectedDeliveries"), step.getLong("deliveries"), report::encodePrettily);
        assertEquals(0L, correctness.getLong("foreign"), report::encodePrettily);
        assertEquals(0L, correctness.getLong("missing"), report::encodePrettily);
        assertEquals(0L, correctness.getLong("duplicated"), report::encodePrettily);
        assertEquals(0L, correctness.getLong("outOfOrder"), report::encodePrettily);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                assertTrue(nginx.isAlive(), "nginx exited; see its output in " + dir);
                Thread.sleep(50); // polling a port: there is no event to wait on
            }
        }
        throw new AssertionError("nginx did not listen on " + port);
    }
}
