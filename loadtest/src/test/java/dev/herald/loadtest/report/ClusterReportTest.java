package dev.herald.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster page's ramp table shows the saturation, marked when the generator bound it. */
class ClusterReportTest {

    @TempDir
    Path dir;

    @Test
    void theRampTableShowsTheSaturationAndMarksAGeneratorBoundOne() throws IOException {
        Files.writeString(dir.resolve("ramp-herald-memory.json"), ramp("herald-memory: herald", true).encode());
        Files.writeString(dir.resolve("ramp-nchan-redis-2.json"), ramp("nchan-redis-2: nginx nginx redis", false).encode());
        Path page = dir.resolve("cluster.md");

        ClusterReport.run(new String[] {"--in", dir.toString(), "--out", page.toString()},
                new PrintStream(OutputStream.nullOutputStream()));

        String md = Files.readString(page);
        assertTrue(md.contains("| 50 000 ⚑ |"), md);
        assertTrue(md.contains("≥ 50 000/s ⚑, 90 000 per server CPU-s (limit between 50.0 and 55.0 publishes/s)"), md);
        assertTrue(md.contains("| 50 000 | "), md);
        assertTrue(md.contains("| 50 000/s, 90 000 per server CPU-s (limit between 50.0 and 55.0 publishes/s)"), md);
    }

    private static JsonObject ramp(String label, boolean generatorBound) {
        JsonObject best = new JsonObject().put("targetRate", 50.0).put("deliveriesPerSecond", 50_000.0)
                .put("generatorBound", generatorBound).put("generatorCpuPercent", 50.0).put("serverCpuPercent", 55.0)
                .put("latencyMs", new JsonObject().put("p99", 3.0));
        return new JsonObject().put("tool", "herald-loadtest").put("label", label).put("scenario", "fanout")
                .put("steps", new JsonArray().add(best)).put("best", best).put("capacity", best)
                .put("saturation", new JsonObject().put("saturatingDeliveriesPerSecond", 50_000.0)
                        .put("deliveriesPerServerCpuSecond", 90_000.0).put("highestPassingRate", 50.0)
                        .put("lowestFailingRate", 55.0))
                .put("correctness", new JsonObject().put("ok", true)).put("exitCode", 0);
    }
}
