package dev.herald.loadtest.measure;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Memory per connection by the slope method: the least-squares slope of the server's memory over
 * its connection count, read at several stages of one run. The points and the per-stage deltas
 * go into the report beside the slope, so a reader can see whether growth was linear.
 */
public final class MemorySlope {

    /** How many NMT categories are reported with their slope: the ones growing (or shrinking) most per connection. */
    static final int LARGEST_CATEGORIES = 6;

    private MemorySlope() {
    }

    /**
     * @param baseline the server before any subscriber connected
     * @param stages   one point per stage, connection counts rising
     */
    public static JsonObject toJson(MemoryPoint baseline, List<MemoryPoint> stages) {
        // The baseline joins the fit only when the stages alone cannot make a line.
        List<MemoryPoint> fitted = distinctConnections(stages) >= 2 ? stages : withBaseline(baseline, stages);
        MemoryPoint last = stages.get(stages.size() - 1);
        JsonObject memory = new JsonObject()
                .put("method", "slope")
                .put("fittedPoints", fitted.size())
                .put("baselineInFit", fitted.size() > stages.size())
                .put("connections", last.connections())
                .put("rssBytesPerConnection", slope(fitted, MemoryPoint::rssBytes))
                .put("singleDeltaBytesPerConnection", delta(baseline, last, MemoryPoint::rssBytes));
        if (fitted.stream().allMatch(p -> p.liveHeapBytes() != null)) {
            memory.put("heapBytesPerConnection", slope(fitted, MemoryPoint::liveHeapBytes));
        }
        if (fitted.stream().allMatch(p -> p.nativeMemory() != null)) {
            memory.put("nmtCommittedBytesPerConnection", slope(fitted, p -> p.nativeMemory().committedBytes()));
            // The categories that grow most with connections; the largest ones (heap, code, classes) are mostly fixed.
            Map<String, Long> slopes = new LinkedHashMap<>();
            last.nativeMemory().committedBytesByCategory().keySet().forEach(category -> slopes.put(category,
                    slope(fitted, p -> p.nativeMemory().committedBytesByCategory().getOrDefault(category, 0L))));
            JsonObject byCategory = new JsonObject();
            slopes.entrySet().stream()
                    .sorted(Comparator.comparingLong(e -> -Math.abs(e.getValue())))
                    .limit(LARGEST_CATEGORIES)
                    .forEach(e -> byCategory.put(e.getKey(), e.getValue()));
            memory.put("nmtByCategory", byCategory);
        }
        JsonArray points = new JsonArray().add(baseline.toJson().put("stage", 0));
        for (int i = 0; i < stages.size(); i++) {
            points.add(stages.get(i).toJson().put("stage", i + 1));
        }
        JsonArray deltas = new JsonArray();
        MemoryPoint previous = baseline;
        for (MemoryPoint point : stages) {
            JsonObject delta = new JsonObject().put("fromConnections", previous.connections())
                    .put("toConnections", point.connections())
                    .put("rssBytesPerConnection", delta(previous, point, MemoryPoint::rssBytes));
            if (previous.liveHeapBytes() != null && point.liveHeapBytes() != null) {
                delta.put("heapBytesPerConnection", delta(previous, point, MemoryPoint::liveHeapBytes));
            }
            if (previous.nativeMemory() != null && point.nativeMemory() != null) {
                delta.put("nmtCommittedBytesPerConnection", delta(previous, point, p -> p.nativeMemory().committedBytes()));
            }
            deltas.add(delta);
            previous = point;
        }
        return memory.put("points", points).put("stageDeltas", deltas);
    }

    private static long distinctConnections(List<MemoryPoint> points) {
        return points.stream().map(MemoryPoint::connections).distinct().count();
    }

    private static List<MemoryPoint> withBaseline(MemoryPoint baseline, List<MemoryPoint> stages) {
        List<MemoryPoint> all = new ArrayList<>(List.of(baseline));
        all.addAll(stages);
        return all;
    }

    /** Rounded slope, or null when the points do not make a line (every stage at one count). */
    private static Long slope(List<MemoryPoint> points, ToLongFunction<MemoryPoint> bytes) {
        if (distinctConnections(points) < 2) {
            return null;
        }
        List<double[]> xy = points.stream().map(p -> new double[] {p.connections(), bytes.applyAsLong(p)}).toList();
        return Math.round(LinearFit.of(xy).slope());
    }

    private static Long delta(MemoryPoint from, MemoryPoint to, ToLongFunction<MemoryPoint> bytes) {
        long connections = to.connections() - from.connections();
        return connections <= 0 ? null : Math.round((double) (bytes.applyAsLong(to) - bytes.applyAsLong(from)) / connections);
    }
}
