package dev.herald.loadtest.report;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * One run reduced to its headline: which case it belongs to (mode, scenario, size, transport),
 * the number that case is judged by, and whether the run was correct.
 */
public record RunSummary(String mode, String scenario, int subscribers, int topics, String transport, String target,
        double headline, boolean headlineGeneratorBound, double saturating, boolean saturatingGeneratorBound, String unit,
        String cell, boolean correct, boolean connectionsOk, String build, JsonObject raw) {

    /** Fixed-load runs are single-step fan-out runs; their headline is p99, not throughput. */
    public static final String FIXED = "fixed-load";

    public static RunSummary of(JsonObject report) {
        JsonObject config = report.getJsonObject("config", new JsonObject());
        String scenario = report.getString("scenario");
        boolean ramp = scenario.equals("fanout") || scenario.equals("many-topics");
        if (ramp && config.getDouble("rampFactor", 1.0) <= 1.0) {
            scenario = FIXED;
        }
        double headline;
        boolean headlineBound = false;
        String unit;
        String cell;
        switch (scenario) {
            case "fanout", "many-topics" -> {
                JsonObject best = report.getJsonObject("best", new JsonObject());
                headline = best.getDouble("deliveriesPerSecond", 0.0);
                unit = "deliveries/s at p99 ≤ " + config.getLong("p99LimitMs", 100L) + " ms";
                Double resolution = report.getJsonObject("latencyBound", new JsonObject()).getDouble("resolutionPercent");
                cell = best.isEmpty() ? "none within bound"
                        : String.format(Locale.ROOT, "%,.0f/s (p99 %.1f ms%s)", headline,
                                best.getJsonObject("latencyMs").getDouble("p99"),
                                resolution == null ? "" : String.format(Locale.ROOT, ", bracket %.1f %%", resolution));
                headlineBound = GeneratorBound.best(report);
                cell += GeneratorBound.mark(headlineBound);
                JsonObject capacity = report.getJsonObject("capacity", new JsonObject());
                if (!capacity.isEmpty() && !capacity.equals(best)) {
                    cell += String.format(Locale.ROOT, "; capacity %,.0f/s (p99 %.0f ms)",
                            capacity.getDouble("deliveriesPerSecond"), capacity.getJsonObject("latencyMs").getDouble("p99"))
                            + GeneratorBound.mark(GeneratorBound.step(capacity));
                }
                String saturation = SaturationText.of(report, MarkdownReport::number);
                cell += saturation.isEmpty() ? "" : "; saturation " + saturation;
            }
            case FIXED -> {
                JsonObject step = report.getJsonArray("steps").getJsonObject(0);
                JsonObject latency = step.getJsonObject("latencyMs");
                headline = latency.getDouble("p99");
                headlineBound = GeneratorBound.step(step);
                unit = "p99 ms at " + step.getDouble("targetRate") + " publishes/s";
                cell = String.format(Locale.ROOT, "p99 %.2f ms (p50 %.2f, max %.1f; %,.0f deliveries/s)", headline,
                        latency.getDouble("p50"), latency.getDouble("max"), step.getDouble("deliveriesPerSecond"))
                        + GeneratorBound.mark(headlineBound);
            }
            case "idle" -> {
                JsonObject memory = report.getJsonObject("memory", new JsonObject());
                // Reports from before the slope method carry one delta, "bytesPerConnection".
                Number perConnection = (Number) memory.getValue("rssBytesPerConnection", memory.getValue("bytesPerConnection"));
                headline = perConnection == null ? 0 : perConnection.doubleValue();
                unit = memory.containsKey("rssBytesPerConnection") ? "bytes per idle connection (RSS slope)"
                        : "bytes per idle connection (RSS delta)";
                cell = perConnection == null ? "not measured"
                        : String.format(Locale.ROOT, "%.1f KiB/conn (%d conns)", headline / 1024, memory.getLong("connections"));
                if (memory.containsKey("heapBytesPerConnection")) {
                    cell += String.format(Locale.ROOT, "; live heap %.1f KiB", memory.getLong("heapBytesPerConnection") / 1024.0);
                }
                if (memory.containsKey("nmtCommittedBytesPerConnection")) {
                    cell += String.format(Locale.ROOT, "; NMT committed %.1f KiB",
                            memory.getLong("nmtCommittedBytesPerConnection") / 1024.0);
                }
            }
            case "churn" -> {
                // Every server sustains the offered churn here, so it is judged by connect time under churn.
                JsonObject churn = report.getJsonObject("churn", new JsonObject());
                headline = churn.getJsonObject("connectTimeMs", new JsonObject()).getDouble("p99", 0.0);
                unit = "connect p99 ms under churn";
                cell = String.format(Locale.ROOT, "connect p99 %.1f ms; %,.0f connects/s + %,.0f disconnects/s, %d failed, "
                                + "server cpu %.0f%%", headline, churn.getDouble("connectsPerSecond", 0.0),
                        churn.getDouble("disconnectsPerSecond", 0.0), churn.getLong("connectFailures", 0L),
                        churn.getDouble("serverCpuPercent", 0.0));
            }
            case "catch-up" -> {
                JsonObject catchUp = report.getJsonObject("catchUp", new JsonObject());
                if (!catchUp.getBoolean("supported", false)) {
                    headline = 0;
                    unit = "ms to catch up (p99)";
                    cell = "not supported";
                } else {
                    headline = catchUp.getJsonObject("catchUpTimeMs").getDouble("p99");
                    unit = "ms to catch up (p99)";
                    cell = String.format(Locale.ROOT, "p99 %.0f ms, %,.0f replayed/s, %d/%d caught up", headline,
                            catchUp.getDouble("replayedDeliveriesPerSecond"), catchUp.getLong("caughtUp"),
                            catchUp.getLong("subscribers"));
                }
            }
            default -> {
                headline = 0;
                unit = "";
                cell = "?";
            }
        }
        JsonObject correctness = report.getJsonObject("correctness");
        boolean correct = correctness == null || correctness.getBoolean("ok", true);
        if (!correct) {
            cell += String.format(Locale.ROOT, " ✗ missing %d, dup %d, out-of-order %d, too early %d, foreign %d",
                    correctness.getLong("missing"), correctness.getLong("duplicated"), correctness.getLong("outOfOrder"),
                    correctness.getLong("unexpected", 0L), correctness.getLong("foreign", 0L));
        }
        boolean connectionsOk = report.getInteger("exitCode", 0) != 3;
        if (!connectionsOk) {
            JsonObject subscribers = report.getJsonObject("subscribers", new JsonObject());
            cell += String.format(Locale.ROOT, " (⚠ %d connect failures, %d lost)", subscribers.getLong("failed", 0L),
                    subscribers.getLong("lostConnections", 0L));
        }
        JsonObject saturation = report.getJsonObject("saturation", new JsonObject());
        return new RunSummary(report.getString("label", ""), scenario, config.getInteger("subscribers", 0),
                config.getInteger("topics", 1), report.getString("transport"), report.getString("target"), headline,
                headlineBound, GeneratorBound.number(saturation, "saturatingDeliveriesPerSecond"),
                GeneratorBound.saturation(report), unit, cell, correct, connectionsOk, report.getString("build", ""), report);
    }

    /** The same run summarised with another headline and cell: the median of its repeats. */
    RunSummary withMedian(double medianHeadline, double medianSaturating, String medianCell, boolean allCorrect,
            boolean allConnected) {
        return new RunSummary(mode, scenario, subscribers, topics, transport, target, medianHeadline, headlineGeneratorBound,
                medianSaturating, saturatingGeneratorBound, unit, medianCell, allCorrect, allConnected, build, raw);
    }

    /** The comparison case: everything except the target. */
    public String caseKey() {
        return mode + "|" + scenario + "|" + subscribers + "|" + topics + "|" + transport;
    }

    public String caseTitle() {
        String size = scenario.equals("many-topics") ? subscribers + " subs / " + topics + " topics" : subscribers + " subs";
        return scenario + ", " + size + ", " + transport;
    }

    /** Higher is better for throughput and churn; lower for latency, memory and catch-up time. */
    public boolean higherIsBetter() {
        return scenario.equals("fanout") || scenario.equals("many-topics");
    }
}
