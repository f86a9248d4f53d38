package dev.herald.loadtest.measure;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/** The percentiles a report shows, in milliseconds. */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max) {

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(),
                millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(99)),
                millis(micros.getValueAtPercentile(99.9)),
                millis(micros.getMaxValue()));
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    public JsonObject toJson() {
        return new JsonObject().put("count", count).put("p50", p50).put("p90", p90).put("p99", p99)
                .put("p999", p999).put("max", max);
    }
}
