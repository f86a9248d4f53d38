package dev.herald.loadtest.scenario;

import io.vertx.core.json.JsonObject;

/** One progress line per ramp step. */
final class StepLine {

    private StepLine() {
    }

    static String of(JsonObject step) {
        JsonObject latency = step.getJsonObject("latencyMs");
        String line = String.format("rate %8.1f/s  published %8.1f/s  deliveries %10.0f/s  p50 %7.2f  p99 %8.2f  max %8.2f ms"
                        + "  server cpu %5.1f%%  generator cpu %5.1f%%  machine cpu %5.1f%%",
                step.getDouble("targetRate"), step.getDouble("publishRate"), step.getDouble("deliveriesPerSecond"),
                latency.getDouble("p50"), latency.getDouble("p99"), latency.getDouble("max"),
                step.getDouble("serverCpuPercent"), step.getDouble("generatorCpuPercent"),
                step.getDouble("hostCpuPercent", 0.0));
        JsonObject lag = step.getJsonObject("publishLagMs", new JsonObject());
        line += String.format("  publish lag p99 %.2f ms  skipped %d", lag.getDouble("p99", 0.0), step.getLong("publishSkipped", 0L));
        String phase = (step.getString("phase", "ramp").equals("ramp") ? "" : "  [" + step.getString("phase") + "]")
                + (step.getBoolean("generatorBound", false) ? "  ⚑ generator-bound" : "");
        return line + phase + "  " + step.getString("verdict", "") + ": " + step.getString("reason", "");
    }
}
