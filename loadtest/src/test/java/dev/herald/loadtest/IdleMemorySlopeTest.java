package dev.herald.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.loadtest.cli.OptionsParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The idle scenario's slope method against a Herald in a JVM of its own (so its memory is not the
 * test's), run with native memory tracking as bench.sh runs it: every stage leaves a point, and
 * the figures per connection come from them. Sizes are asserted loosely: no timing, no exact bytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleMemorySlopeTest {

    private static final String KEY = "idle-test-key-of-at-least-32-bytes!!";
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");
    private static Process herald;
    private static int port;

    @BeforeAll
    static void forkHerald() throws Exception {
        herald = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:NativeMemoryTracking=summary", "-cp", System.getProperty("java.class.path"),
                "dev.herald.Herald", "--listen", "127.0.0.1:0", "--event-loops", "1", "--anonymous",
                "--publisher-jwt-key", KEY, "--subscriber-jwt-key", KEY).redirectErrorStream(true).start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(herald.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        listening.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
            listening.completeExceptionally(new IllegalStateException("herald exited before listening"));
        });
        reader.setDaemon(true);
        reader.start();
        port = listening.get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopHerald() throws Exception {
        if (herald != null) {
            herald.destroy();
            herald.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void eachStageLeavesAPointAndTheSlopesComeFromThem() {
        JsonObject report = LoadRun.execute(OptionsParser.parse(new String[] {
                "--url", "http://127.0.0.1:" + port, "--jwt-key", KEY, "--scenario", "idle", "--subscribers", "300",
                "--stages", "3", "--settle", "200ms", "--server-pid", Long.toString(herald.pid()),
                "--jvm-gc-before-sample", "--event-loops", "1", "--quiet"}), new PrintStream(OutputStream.nullOutputStream()));

        JsonObject memory = report.getJsonObject("memory");
        assertNotNull(memory, report::encodePrettily);
        JsonArray points = memory.getJsonArray("points");
        assertEquals(List.of(0L, 100L, 200L, 300L),
                points.stream().map(p -> ((JsonObject) p).getLong("connections")).toList(), memory::encodePrettily);
        assertEquals(3, memory.getInteger("fittedPoints"));
        assertEquals(3, memory.getJsonArray("stageDeltas").size());
        assertNotNull(memory.getLong("rssBytesPerConnection"), memory::encodePrettily);
        // Every idle subscription holds objects in the hub: the live heap after a full GC grows with them.
        assertTrue(memory.getLong("heapBytesPerConnection") > 0, memory::encodePrettily);
        assertNotNull(memory.getLong("nmtCommittedBytesPerConnection"), memory::encodePrettily);
        int categories = memory.getJsonObject("nmtByCategory").size();
        assertTrue(categories > 0 && categories <= 6, memory::encodePrettily);
        assertTrue(points.getJsonObject(3).getLong("nmtCommittedBytes") > 0, memory::encodePrettily);
    }
}
