package dev.herald.loadtest.report;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * One run reduced to its headline: which case it belongs to (mode, scenario, size, transport),
 * the number that case is judged by, and whether the run was correct.
 */
public record RunSummary(String mode, String scenario, int subscribers, int topics, String transport, String target,
        double headline, String unit, String cell, boolean correct, boolean connectionsOk, JsonObject raw) {

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
        String unit;
        String cell;
        switch (scenario) {
            case "fanout", "many-topics" -> {
                JsonObject best = report.getJsonObject("best", new JsonObject());
                headline = best.getDouble("deliveriesPerSecond", 0.0);
                unit = "deliveries/s at p99 ≤ " + config.getLong("p99LimitMs", 100L) + " ms";
                cell = best.isEmpty() ? "none within bound"
                        : String.format(Locale.ROOT, "%,.0f/s (p99 %.1f ms)", headline, best.getJsonObject("latencyMs").getDouble("p99"));
                cell += generatorBound(best);
                JsonObject capacity = report.getJsonObject("capacity", new JsonObject());
                if (!capacity.isEmpty() && !capacity.equals(best)) {
                    cell += String.format(Locale.ROOT, "; capacity %,.0f/s (p99 %.0f ms)",
                            capacity.getDouble("deliveriesPerSecond"), capacity.getJsonObject("latencyMs").getDouble("p99"))
                            + generatorBound(capacity);
                }
                cell += saturation(report.getJsonObject("saturation", new JsonObject()));
            }
            case FIXED -> {
                JsonObject step = report.getJsonArray("steps").getJsonObject(0);
                JsonObject latency = step.getJsonObject("latencyMs");
                headline = latency.getDouble("p99");
                unit = "p99 ms at " + step.getDouble("targetRate") + " publishes/s";
                cell = String.format(Locale.ROOT, "p99 %.2f ms (p50 %.2f, max %.1f; %,.0f deliveries/s)", headline,
                        latency.getDouble("p50"), latency.getDouble("max"), step.getDouble("deliveriesPerSecond"));
            }
            case "idle" -> {
                JsonObject memory = report.getJsonObject("memory", new JsonObject());
                Number perConnection = (Number) memory.getValue("bytesPerConnection");
                headline = perConnection == null ? 0 : perConnection.doubleValue();
                unit = "bytes per idle connection";
                cell = perConnection == null ? "not measured"
                        : String.format(Locale.ROOT, "%.1f KiB/conn (%d conns)", headline / 1024, memory.getLong("connections"));
                if (memory.containsKey("bytesPerConnectionAfterGc")) {
                    cell += String.format(Locale.ROOT, "; %.1f KiB after full GC",
                            memory.getLong("bytesPerConnectionAfterGc") / 1024.0);
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
        return new RunSummary(report.getString("label", ""), scenario, config.getInteger("subscribers", 0),
                config.getInteger("topics", 1), report.getString("transport"), report.getString("target"), headline,
                unit, cell, correct, connectionsOk, report);
    }

    /** Marks a step where the load generator itself was nearly out of CPU: it measured the generator too. */
    /** The saturating throughput, its server CPU cost and the ramp's resolution; empty for older reports. */
    private static String saturation(JsonObject saturation) {
        if (!saturation.containsKey("saturatingDeliveriesPerSecond")) {
            return "";
        }
        Double perCpuSecond = saturation.getDouble("deliveriesPerServerCpuSecond");
        Double resolution = saturation.getDouble("resolutionPercent");
        boolean bound = saturation.getBoolean("generatorBound", false);
        return String.format(Locale.ROOT, "; saturation %s%,.0f/s%s", bound ? "≥ " : "",
                saturation.getDouble("saturatingDeliveriesPerSecond"), bound ? " ⚑" : "")
                + (perCpuSecond == null ? "" : String.format(Locale.ROOT, ", %,.0f per server CPU-s", perCpuSecond))
                + (resolution == null ? " (no step failed)" : String.format(Locale.ROOT, " (limit within %.1f %% above)", resolution));
    }

    private static String generatorBound(JsonObject step) {
        // Reports that measured their own threads say so; older ones are judged by the process's CPU.
        Boolean bound = step.getBoolean("generatorBound");
        return (bound != null ? bound : step.getDouble("generatorCpuPercent", 0.0) >= GENERATOR_BOUND_PERCENT) ? " ⚑" : "";
    }

    private static final double GENERATOR_BOUND_PERCENT = 90;

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
