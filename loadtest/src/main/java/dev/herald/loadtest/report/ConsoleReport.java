package dev.herald.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;

/** Prints one run's report as a human-readable table. */
public final class ConsoleReport {

    private ConsoleReport() {
    }

    public static void print(JsonObject report, PrintStream out) {
        out.printf("%n== %s / %s / %s%s ==%n", report.getString("target"), report.getString("transport"),
                report.getString("scenario"), report.getString("label", "").isEmpty() ? "" : " [" + report.getString("label") + "]");
        JsonObject subscribers = report.getJsonObject("subscribers");
        if (subscribers != null) {
            JsonObject connect = subscribers.getJsonObject("connectTimeMs", new JsonObject());
            out.printf("subscribers: %d attempted, %d connected, %d failed, %s/s; connect p50 %s ms, p99 %s ms; %d lost%s%n",
                    subscribers.getLong("attempted"), subscribers.getLong("succeeded"), subscribers.getLong("failed"),
                    subscribers.getValue("connectRatePerSecond"), connect.getValue("p50"), connect.getValue("p99"),
                    subscribers.getLong("lostConnections", 0L),
                    subscribers.getString("firstFailure", "").isEmpty() ? "" : " (first failure: " + subscribers.getString("firstFailure") + ")");
        }
        printSteps(report.getJsonArray("steps"), out);
        JsonObject best = report.getJsonObject("best");
        if (best != null) {
            out.println(best.isEmpty() ? "best: no step stayed within the bounds"
                    : String.format("best: %.0f deliveries/s at %.1f publishes/s (p99 %.2f ms); stopped: %s",
                            best.getDouble("deliveriesPerSecond"), best.getDouble("publishRate"),
                            best.getJsonObject("latencyMs").getDouble("p99"), report.getString("stopReason")));
        }
        printLatencyBound(report, out);
        JsonObject capacity = report.getJsonObject("capacity");
        if (capacity != null && !capacity.isEmpty() && !capacity.equals(best)) {
            out.printf("capacity (p99 up to the stop bound): %.0f deliveries/s at %.1f publishes/s (p99 %.2f ms)%n",
                    capacity.getDouble("deliveriesPerSecond"), capacity.getDouble("publishRate"),
                    capacity.getJsonObject("latencyMs").getDouble("p99"));
        }
        printSaturation(report, out);
        printMemory(report.getJsonObject("memory"), out);
        printChurn(report.getJsonObject("churn"), out);
        printCatchUp(report.getJsonObject("catchUp"), out);
        printCorrectness(report.getJsonObject("correctness"), out);
        printCalibration(report.getJsonObject("calibration"), out);
    }

    /** The generator's own ceiling, and whether the blaster it was measured against held up. */
    private static void printCalibration(JsonObject calibration, PrintStream out) {
        if (calibration == null) {
            return;
        }
        out.printf("calibration (%s, %d connections): %.0f deliveries/s with the generator at %.1f %% CPU "
                        + "(receiving loop %.1f %%, %d usable core(s)): %s deliveries per generator CPU-second%n",
                calibration.getString("transport"), calibration.getInteger("connections"),
                calibration.getDouble("deliveriesPerSecond"), calibration.getDouble("cpuPercent"),
                calibration.getDouble("receiveCpuPercent"), calibration.getInteger("usableCores"),
                calibration.getValue("deliveriesPerCpuSecond"));
        out.printf("  blaster: %.1f %% CPU, %.0f events written/s: %s%n", calibration.getDouble("blasterCpuPercent"),
                calibration.getDouble("blasterWrittenPerSecond"), calibration.getBoolean("blasterBound")
                        ? "⚠ the blaster was near a full core: this ceiling may be the blaster's"
                        : "the blaster had CPU to spare: the ceiling is the generator's");
    }

    /** How closely the headline's rate was pinned between the highest within the latency bound and the lowest above it. */
    private static void printLatencyBound(JsonObject report, PrintStream out) {
        JsonObject bound = report.getJsonObject("latencyBound");
        if (bound == null) {
            return;
        }
        Double above = bound.getDouble("lowestFailingRate");
        out.printf("latency bound (p99 ≤ %d ms): %s%s%n", bound.getLong("p99LimitMs"), above == null ? bound.getString("ended")
                        : String.format("highest rate within it %.1f/s, lowest above it %.1f/s, resolution %.1f %% after %d "
                                + "bisection step(s)", bound.getDouble("highestPassingRate"), above,
                                bound.getDouble("resolutionPercent"), bound.getInteger("bisectionSteps")),
                GeneratorBound.best(report) ? " ⚑ (generator-bound: the headline is a lower bound of the server's)" : "");
    }

    /** The saturating throughput, the server's CPU cost of it, and how closely the ramp pinned the limit. */
    private static void printSaturation(JsonObject report, PrintStream out) {
        JsonObject saturation = report.getJsonObject("saturation");
        if (saturation == null || !saturation.containsKey("saturatingDeliveriesPerSecond")) {
            return;
        }
        Double perCpuSecond = saturation.getDouble("deliveriesPerServerCpuSecond");
        Double failing = saturation.getDouble("lowestFailingRate");
        boolean bound = GeneratorBound.saturation(report);
        out.printf("saturation: %s%.0f deliveries/s%s at %.1f publishes/s (highest passing rate); %s deliveries per server CPU-second; %s%n",
                bound ? "≥ " : "", saturation.getDouble("saturatingDeliveriesPerSecond"),
                bound ? " ⚑ (generator-bound: a lower bound of the server's)" : "", saturation.getDouble("highestPassingRate"),
                perCpuSecond == null ? "no --server-pid, no" : String.format("%.0f", perCpuSecond),
                failing == null ? "no step failed: the limit lies above the ramp's top"
                        : String.format("first failing rate %.1f/s, resolution %.1f %% after %d bisection step(s)",
                                failing, saturation.getDouble("resolutionPercent"), saturation.getInteger("bisectionSteps")));
    }

    private static void printSteps(JsonArray steps, PrintStream out) {
        if (steps == null || steps.isEmpty()) {
            return;
        }
        out.printf("%10s %11s %13s %8s %8s %8s %8s %8s %8s %8s %8s  %s%n", "rate/s", "published/s", "deliveries/s",
                "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "srv cpu%", "gen cpu%", "all cpu%", "note");
        for (int i = 0; i < steps.size(); i++) {
            JsonObject step = steps.getJsonObject(i);
            JsonObject latency = step.getJsonObject("latencyMs");
            out.printf("%10.1f %11.1f %13.0f %8.2f %8.2f %8.2f %8.2f %8.2f %8.1f %8.1f %8.1f  %s%n",
                    step.getDouble("targetRate"), step.getDouble("publishRate"), step.getDouble("deliveriesPerSecond"),
                    latency.getDouble("p50"), latency.getDouble("p90"), latency.getDouble("p99"),
                    latency.getDouble("p999"), latency.getDouble("max"), step.getDouble("serverCpuPercent"),
                    step.getDouble("generatorCpuPercent"), step.getDouble("hostCpuPercent", 0.0),
                    (step.getString("phase", "ramp").equals("ramp") ? "" : "[" + step.getString("phase") + "] ")
                            + (step.getBoolean("generatorBound", false) ? "⚑ " : "")
                            + step.getString("verdict", "") + ": " + step.getString("reason", ""));
            printNodes(step, out);
        }
    }

    /** Under a step of a multi-node run: each subscribe node's share, and each server process's CPU. */
    private static void printNodes(JsonObject step, PrintStream out) {
        JsonArray nodes = step.getJsonArray("nodes", new JsonArray());
        for (int i = 0; i < nodes.size(); i++) {
            JsonObject node = nodes.getJsonObject(i);
            JsonObject latency = node.getJsonObject("latencyMs");
            out.printf("%10s %11s %13.0f %8.2f %8.2f %8.2f %8.2f %8.2f  node %d %s%n", "", "",
                    node.getDouble("deliveriesPerSecond"), latency.getDouble("p50"), latency.getDouble("p90"),
                    latency.getDouble("p99"), latency.getDouble("p999"), latency.getDouble("max"), i + 1,
                    node.getString("url"));
        }
        JsonObject byPid = step.getJsonObject("serverCpuPercentByPid");
        if (byPid != null) {
            StringBuilder line = new StringBuilder();
            byPid.forEach(entry -> line.append("  pid ").append(entry.getKey()).append(' ').append(entry.getValue()).append('%'));
            out.printf("%10s server cpu by process:%s%n", "", line);
        }
    }

    /** The slope figures, then the points they were fitted to and each stage's own delta. */
    private static void printMemory(JsonObject memory, PrintStream out) {
        if (memory == null) {
            return;
        }
        out.printf("memory per connection (slope over %d points): RSS %s bytes%s%s; single delta (all vs none) %s bytes%n",
                memory.getInteger("fittedPoints", 0), memory.getValue("rssBytesPerConnection"),
                memory.containsKey("heapBytesPerConnection") ? ", live heap " + memory.getValue("heapBytesPerConnection") + " bytes" : "",
                memory.containsKey("nmtCommittedBytesPerConnection")
                        ? ", native committed " + memory.getValue("nmtCommittedBytesPerConnection") + " bytes" : "",
                memory.getValue("singleDeltaBytesPerConnection"));
        JsonObject byCategory = memory.getJsonObject("nmtByCategory");
        if (byCategory != null) {
            StringBuilder line = new StringBuilder();
            byCategory.forEach(e -> line.append(line.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
            out.printf("  native committed per connection, categories growing most: %s%n", line);
        }
        JsonArray points = memory.getJsonArray("points", new JsonArray());
        JsonArray deltas = memory.getJsonArray("stageDeltas", new JsonArray());
        for (int i = 0; i < points.size(); i++) {
            JsonObject point = points.getJsonObject(i);
            JsonObject delta = i == 0 ? null : deltas.getJsonObject(i - 1);
            out.printf("  %7d connections: RSS %8d KiB%s%s%s%n", point.getLong("connections"), point.getLong("rssBytes") / 1024,
                    point.containsKey("liveHeapBytes") ? String.format(", live heap %7d KiB", point.getLong("liveHeapBytes") / 1024) : "",
                    point.containsKey("nmtCommittedBytes") ? String.format(", native %8d KiB", point.getLong("nmtCommittedBytes") / 1024) : "",
                    delta == null ? "" : "; this stage " + delta.getValue("rssBytesPerConnection") + " bytes/conn (RSS)");
        }
    }

    private static void printChurn(JsonObject churn, PrintStream out) {
        if (churn != null) {
            JsonObject connect = churn.getJsonObject("connectTimeMs");
            out.printf("churn: %.0f connects/s + %.0f disconnects/s sustained (target %.0f/s), %d connect failures, "
                            + "connect p50 %.2f ms, p99 %.2f ms, server cpu %.1f%%%n",
                    churn.getDouble("connectsPerSecond"), churn.getDouble("disconnectsPerSecond"),
                    churn.getDouble("targetPerSecond"), churn.getLong("connectFailures"), connect.getDouble("p50"),
                    connect.getDouble("p99"), churn.getDouble("serverCpuPercent"));
        }
    }

    private static void printCatchUp(JsonObject catchUp, PrintStream out) {
        if (catchUp == null) {
            return;
        }
        if (!catchUp.getBoolean("supported")) {
            out.println("catch-up: not supported by this target");
            return;
        }
        JsonObject times = catchUp.getJsonObject("catchUpTimeMs");
        out.printf("catch-up: %d/%d subscribers got their %d missed events; time to catch up p50 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms; %.0f replayed deliveries/s%n",
                catchUp.getLong("caughtUp"), catchUp.getLong("subscribers"), catchUp.getLong("eventsBack"),
                times.getDouble("p50"), times.getDouble("p99"), times.getDouble("max"),
                catchUp.getDouble("replayedDeliveriesPerSecond"));
    }

    private static void printCorrectness(JsonObject correctness, PrintStream out) {
        if (correctness == null) {
            return;
        }
        if (correctness.getBoolean("ok")) {
            out.printf("correctness: OK (%d subscribers: every update once, in order, as published)%n",
                    correctness.getLong("subscribersChecked"));
            return;
        }
        out.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        out.printf("!!! CORRECTNESS FAILED: %d of %d subscribers affected%n",
                correctness.getLong("subscribersWithProblems"), correctness.getLong("subscribersChecked"));
        out.printf("!!!   missing %d, duplicated %d, out of order %d, before the start point %d, foreign %d%n",
                correctness.getLong("missing"), correctness.getLong("duplicated"), correctness.getLong("outOfOrder"),
                correctness.getLong("unexpected"), correctness.getLong("foreign", 0L));
        out.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    }
}
