package dev.herald.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** The results page over run reports written as the load tester writes them: repeats, builds, generator-bound steps. */
class BenchReportTest {

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    @Test
    void eachCellIsTheMedianOfItsRepeatsWithEveryRunsFigure() throws IOException {
        write("herald-r1", fanout("herald", "v1", 1, 30_000, 50));
        write("herald-r2", fanout("herald", "v1", 2, 10_000, 50));
        write("herald-r3", fanout("herald", "v1", 3, 20_000, 50));
        write("nchan-r1", fanout("nchan", "v1", 1, 5_000, 50));
        write("nchan-r2", fanout("nchan", "v1", 2, 6_000, 50));
        write("nchan-r3", fanout("nchan", "v1", 3, 4_000, 50));

        JsonObject results = report("--build", "v1");

        JsonObject ratio = results.getJsonArray("ratios").getJsonObject(0);
        assertEquals(20_000.0, ratio.getDouble("herald"));
        assertEquals(5_000.0, ratio.getDouble("peerValue"));
        assertEquals(4.0, ratio.getDouble("ratio"));
        String md = Files.readString(dir.resolve("out/results.md"));
        assertTrue(md.contains("[median of 3 runs: 30,000 / 10,000 / 20,000, by repeat]"), md);
        assertEquals(6, results.getJsonArray("runs").size());
    }

    @Test
    void withAnEvenCountTheCellSaysWhichRunItShowsAndGivesTheMedian() throws IOException {
        write("herald-r1", fanout("herald", "v1", 1, 30_000, 50));
        write("herald-r2", fanout("herald", "v1", 2, 10_000, 50));
        write("nchan-r1", fanout("nchan", "v1", 1, 5_000, 50));
        write("nchan-r2", fanout("nchan", "v1", 2, 5_000, 50));

        JsonObject results = report("--build", "v1");

        assertEquals(20_000.0, results.getJsonArray("ratios").getJsonObject(0).getDouble("herald"));
        String md = Files.readString(dir.resolve("out/results.md"));
        assertTrue(md.contains("[the lower middle of 2 runs, whose median is 20,000: 30,000 / 10,000, by repeat]"), md);
    }

    @Test
    void runsOfAnotherBuildAreListedApartAndEnterNoRatio() throws IOException {
        write("herald-v2", fanout("herald", "v2", 1, 20_000, 50));
        write("nchan-v2", fanout("nchan", "v2", 1, 10_000, 50));
        write("herald-v1", fanout("herald", "v1", 1, 90_000, 50));

        JsonObject results = report("--build", "v2");

        assertEquals("v2", results.getString("build"));
        JsonArray ratios = results.getJsonArray("ratios");
        assertEquals(1, ratios.size());
        assertEquals(2.0, ratios.getJsonObject(0).getDouble("ratio"));
        assertEquals(1, results.getJsonObject("otherBuilds").getJsonArray("v1").size());
        String md = Files.readString(dir.resolve("out/results.md"));
        int apart = md.indexOf("## Another build: v1");
        assertTrue(apart > 0 && md.indexOf("90,000") > apart, md);
        assertTrue(Files.readString(dir.resolve("out/results.html")).contains("Another build: v1"));
    }

    @Test
    void mixedBuildsAreRefusedWhenAskedWithAClearError() throws IOException {
        write("herald-v2", fanout("herald", "v2", 1, 20_000, 50));
        write("herald-v1", fanout("herald", "v1", 1, 90_000, 50));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> report("--build", "v2", "--other-builds", "refuse"));
        assertTrue(refused.getMessage().contains("mixes builds: v2 and v1"), refused.getMessage());
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () -> report("--build", "v3"));
        assertTrue(absent.getMessage().contains("no run of build v3"), absent.getMessage());
    }

    @Test
    void generatorBoundFiguresAreMarkedInTheHeadlineTableAndTheSaturation() throws IOException {
        write("herald", fanout("herald", "v1", 1, 20_000, 85)); // no generatorBound field: 85 % CPU counts
        JsonObject flagged = fanout("nchan", "v1", 1, 10_000, 10);
        flagged.getJsonObject("best").put("generatorBound", true);
        flagged.getJsonObject("saturation").put("generatorBound", true);
        write("nchan", flagged);

        JsonObject results = report("--build", "v1");

        JsonObject ratio = results.getJsonArray("ratios").getJsonObject(0);
        assertTrue(ratio.getBoolean("heraldGeneratorBound"));
        assertTrue(ratio.getBoolean("peerGeneratorBound"));
        String md = Files.readString(dir.resolve("out/results.md"));
        assertTrue(md.contains("| 20,000 ⚑ | 10,000 ⚑ | **2.00× ⚑** |"), md);
        assertTrue(md.contains("saturation ≥ 10,000/s ⚑"), md);
        assertTrue(md.contains("limit between 100 and 110 publishes/s"), md);
        String html = Files.readString(dir.resolve("out/results.html"));
        assertTrue(html.contains("Saturating deliveries/s"), html);
        assertTrue(html.contains("≥ 10k ⚑"), html);
    }

    @Test
    void aHeadlineIsMarkedWhenTheStepAboveTheLatencyBoundWasGeneratorBound() throws IOException {
        JsonObject herald = fanout("herald", "v1", 1, 20_000, 10);
        herald.put("latencyBound", new JsonObject().put("highestPassingRate", 100.0).put("lowestFailingRate", 104.0)
                .put("resolutionPercent", 4.0).put("bisectionSteps", 3).put("generatorBound", true));
        write("herald", herald);
        write("nchan", fanout("nchan", "v1", 1, 10_000, 10));

        report("--build", "v1");

        String md = Files.readString(dir.resolve("out/results.md"));
        assertTrue(md.contains("| 20,000 ⚑ | 10,000 | **2.00× ⚑** |"), md);
        assertTrue(md.contains("20,000/s (p99 5.0 ms, bracket 4.0 %) ⚑"), md);
    }

    @Test
    void anUnboundRunCarriesNoMark() throws IOException {
        write("herald", fanout("herald", "v1", 1, 20_000, 80));
        write("nchan", fanout("nchan", "v1", 1, 10_000, 10));

        report("--build", "v1");

        String md = Files.readString(dir.resolve("out/results.md"));
        assertTrue(md.contains("| 20,000 | 10,000 | **2.00×** |"), md);
        assertFalse(md.contains("saturation ≥"), md);
    }

    @Test
    void aRampWithoutAPassingStepIsReportedWithoutASaturation() throws IOException {
        JsonObject none = fanout("nchan", "v1", 1, 10_000, 10);
        none.put("best", new JsonObject()).put("capacity", new JsonObject());
        none.getJsonObject("saturation").putNull("highestPassingRate").remove("saturatingDeliveriesPerSecond");
        none.getJsonObject("saturation").putNull("resolutionPercent");
        write("herald", fanout("herald", "v1", 1, 20_000, 10));
        write("nchan", none);

        report("--build", "v1");

        String md = Files.readString(dir.resolve("out/results.md"));
        assertTrue(md.contains("none within bound"), md);
    }

    private JsonObject report(String... extra) throws IOException {
        String[] args = new String[4 + extra.length];
        args[0] = "--in";
        args[1] = dir.resolve("raw").toString();
        args[2] = "--out";
        args[3] = dir.resolve("out").toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        BenchReport.run(args, SILENT);
        return new JsonObject(Files.readString(dir.resolve("out/results.json")));
    }

    private void write(String name, JsonObject report) throws IOException {
        Files.createDirectories(dir.resolve("raw"));
        Files.writeString(dir.resolve("raw").resolve(name + ".json"), report.encode());
    }

    /** A ramp whose saturating step (100 publishes/s, the next at 110 failed) is also its best. */
    private static JsonObject fanout(String target, String build, int repeat, double deliveries, double generatorCpu) {
        JsonObject best = new JsonObject().put("targetRate", 100.0).put("publishRate", 100.0)
                .put("deliveriesPerSecond", deliveries).put("generatorCpuPercent", generatorCpu)
                .put("latencyMs", new JsonObject().put("p99", 5.0)).put("verdict", "pass");
        JsonObject failing = new JsonObject().put("targetRate", 110.0).put("deliveriesPerSecond", deliveries)
                .put("generatorCpuPercent", 10.0).put("latencyMs", new JsonObject().put("p99", 500.0)).put("verdict", "fail");
        return new JsonObject().put("tool", "herald-loadtest").put("label", "pinned").put("target", target)
                .put("transport", "sse").put("scenario", "fanout").put("build", build).put("repeat", repeat)
                .put("config", new JsonObject().put("subscribers", 1000).put("topics", 1).put("rampFactor", 2.0)
                        .put("p99LimitMs", 100))
                .put("steps", new JsonArray().add(best).add(failing))
                .put("best", best).put("capacity", best)
                .put("saturation", new JsonObject().put("saturatingDeliveriesPerSecond", deliveries)
                        .put("highestPassingRate", 100.0).put("lowestFailingRate", 110.0).put("resolutionPercent", 10.0))
                .put("correctness", new JsonObject().put("ok", true)).put("exitCode", 0);
    }
}
