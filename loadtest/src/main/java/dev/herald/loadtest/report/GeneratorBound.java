package dev.herald.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Whether a figure measured the load generator as much as the server. A generator-bound step's
 * throughput is only a lower bound of the server's: reports mark it ⚑. Runs say so themselves
 * ({@code generatorBound} on steps and on {@code saturation}); older runs carry only the
 * generator's CPU, and a generator above {@link #FALLBACK_CPU_PERCENT} % of its core counts.
 */
final class GeneratorBound {

    static final double FALLBACK_CPU_PERCENT = 80;
    static final String MARK = " ⚑";
    static final String LEGEND = "⚑ = generator-bound: a receiving or publishing loop of the load generator above "
            + "80 % of a core in that step (in reports from before the generator measured its loops: the whole "
            + "generator above 80 %), so the figure is a lower bound of the server's and ratios against it are "
            + "compressed towards 1";

    private GeneratorBound() {
    }

    static boolean step(JsonObject step) {
        if (step == null || step.isEmpty()) {
            return false;
        }
        Boolean flagged = step.getBoolean("generatorBound");
        return flagged != null ? flagged : step.getDouble("generatorCpuPercent", 0.0) > FALLBACK_CPU_PERCENT;
    }

    /**
     * The headline (the fastest step within the latency bound) is bound if that step or the lowest
     * step above the bound was; reports from before that bracket was searched carry the step only.
     */
    static boolean best(JsonObject report) {
        Boolean flagged = report.getJsonObject("latencyBound", new JsonObject()).getBoolean("generatorBound");
        return flagged != null ? flagged : step(report.getJsonObject("best", new JsonObject()));
    }

    /** The saturating figure is bound if the highest passing or the lowest failing step of the bracket was. */
    static boolean saturation(JsonObject report) {
        JsonObject saturation = report.getJsonObject("saturation", new JsonObject());
        Boolean flagged = saturation.getBoolean("generatorBound");
        if (flagged != null) {
            return flagged;
        }
        JsonArray steps = report.getJsonArray("steps", new JsonArray());
        for (int i = 0; i < steps.size(); i++) {
            JsonObject step = steps.getJsonObject(i);
            double rate = number(step, "targetRate");
            if ((rate == number(saturation, "highestPassingRate") || rate == number(saturation, "lowestFailingRate"))
                    && step(step)) {
                return true;
            }
        }
        return false;
    }

    /** A number of a run report; NaN when absent or null (the ramp writes null for a rate it never found). */
    static double number(JsonObject json, String key) {
        Double value = json.getDouble(key);
        return value == null ? Double.NaN : value;
    }

    static String mark(boolean bound) {
        return bound ? MARK : "";
    }
}
