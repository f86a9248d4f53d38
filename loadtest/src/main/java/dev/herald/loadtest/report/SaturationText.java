package dev.herald.loadtest.report;

import io.vertx.core.json.JsonObject;
import java.util.function.DoubleFunction;

/** A run's saturation in words, the same on every page; empty for reports from before the ramp bisected. */
final class SaturationText {

    private SaturationText() {
    }

    /**
     * "≥ X/s ⚑" when the bracket's steps were generator-bound (then it only bounds the server's from
     * below), its deliveries per server CPU-second, and the bracket the server's limit lies in.
     */
    static String of(JsonObject report, DoubleFunction<String> number) {
        JsonObject saturation = report.getJsonObject("saturation", new JsonObject());
        if (saturation.getDouble("saturatingDeliveriesPerSecond") == null) {
            return "";
        }
        boolean bound = GeneratorBound.saturation(report);
        Double perCpuSecond = saturation.getDouble("deliveriesPerServerCpuSecond");
        Double failing = saturation.getDouble("lowestFailingRate");
        String passing = number.apply(GeneratorBound.number(saturation, "highestPassingRate"));
        return (bound ? "≥ " : "") + number.apply(GeneratorBound.number(saturation, "saturatingDeliveriesPerSecond")) + "/s"
                + GeneratorBound.mark(bound)
                + (perCpuSecond == null ? "" : ", " + number.apply(perCpuSecond) + " per server CPU-s")
                + (failing == null ? " (no step failed up to " + passing + " publishes/s)"
                        : " (limit between " + passing + " and " + number.apply(failing) + " publishes/s)");
    }
}
