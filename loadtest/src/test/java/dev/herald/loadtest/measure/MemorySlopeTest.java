package dev.herald.loadtest.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemorySlopeTest {

    @Test
    void aLineThroughExactPointsHasTheirSlopeAndIntercept() {
        LinearFit fit = LinearFit.of(List.of(new double[] {1000, 5_000_000}, new double[] {2000, 9_000_000},
                new double[] {3000, 13_000_000}));
        assertEquals(4000, fit.slope(), 1e-9);
        assertEquals(1_000_000, fit.intercept(), 1e-6);
    }

    @Test
    void theLeastSquaresSlopeAveragesOutNoise() {
        // y = 2x + 10 with residuals +1, -2, +1: they sum to zero and are orthogonal to x.
        LinearFit fit = LinearFit.of(List.of(new double[] {0, 11}, new double[] {1, 10}, new double[] {2, 15}));
        assertEquals(2, fit.slope(), 1e-9);
        assertEquals(10, fit.intercept(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> LinearFit.of(List.of(new double[] {5, 1}, new double[] {5, 2})));
    }

    @Test
    void perConnectionIsTheSlopeOverTheStagesNotTheDeltaFromAnEmptyServer() {
        // 40 MiB of one-off cost arrives with the first connections, then 3 000 bytes each.
        MemoryPoint baseline = new MemoryPoint(0, 100_000_000, null, null);
        List<MemoryPoint> stages = List.of(new MemoryPoint(1000, 143_000_000, null, null),
                new MemoryPoint(2000, 146_000_000, null, null), new MemoryPoint(3000, 149_000_000, null, null));

        JsonObject memory = MemorySlope.toJson(baseline, stages);

        assertEquals(3000L, memory.getLong("rssBytesPerConnection"));
        assertEquals(16333L, memory.getLong("singleDeltaBytesPerConnection"));
        assertFalse(memory.getBoolean("baselineInFit"));
        assertEquals(4, memory.getJsonArray("points").size());
        assertEquals(43000L, memory.getJsonArray("stageDeltas").getJsonObject(0).getLong("rssBytesPerConnection"));
        assertEquals(3000L, memory.getJsonArray("stageDeltas").getJsonObject(2).getLong("rssBytesPerConnection"));
        assertFalse(memory.containsKey("heapBytesPerConnection"), "no heap figure for a server that is not a JVM");
    }

    @Test
    void jvmFiguresGetTheirOwnSlopesWithTheLargestNativeCategories() {
        MemoryPoint baseline = jvmPoint(0, 10_000_000, Map.of("Java Heap", 50_000_000L, "Other", 1_000_000L));
        List<MemoryPoint> stages = List.of(
                jvmPoint(100, 20_000_000, Map.of("Java Heap", 50_000_000L, "Other", 2_000_000L)),
                jvmPoint(200, 20_200_000, Map.of("Java Heap", 50_000_000L, "Other", 2_100_000L)));

        JsonObject memory = MemorySlope.toJson(baseline, stages);

        assertEquals(2000L, memory.getLong("heapBytesPerConnection"));
        assertEquals(1000L, memory.getLong("nmtCommittedBytesPerConnection"));
        assertEquals(0L, memory.getJsonObject("nmtByCategory").getLong("Java Heap"));
        assertEquals(1000L, memory.getJsonObject("nmtByCategory").getLong("Other"));
        assertEquals(52_100_000L, memory.getJsonArray("points").getJsonObject(2).getLong("nmtCommittedBytes"));
    }

    @Test
    void theNativeCategoriesReportedAreTheOnesThatGrowWithConnections() {
        Map<String, Long> first = new LinkedHashMap<>();
        Map<String, Long> second = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            first.put("fixed " + i, 100_000_000L);
            second.put("fixed " + i, 100_000_000L);
        }
        first.put("Other", 0L);
        second.put("Other", 500_000L);
        JsonObject memory = MemorySlope.toJson(jvmPoint(0, 0, first), List.of(jvmPoint(100, 0, first), jvmPoint(200, 0, second)));

        JsonObject byCategory = memory.getJsonObject("nmtByCategory");
        assertEquals(MemorySlope.LARGEST_CATEGORIES, byCategory.size());
        assertEquals("Other", byCategory.fieldNames().iterator().next());
        assertEquals(5000L, byCategory.getLong("Other"));
    }

    @Test
    void oneStageFallsBackToTheDeltaFromTheBaseline() {
        JsonObject memory = MemorySlope.toJson(new MemoryPoint(0, 1_000_000, null, null),
                List.of(new MemoryPoint(500, 3_000_000, null, null)));
        assertTrue(memory.getBoolean("baselineInFit"));
        assertEquals(4000L, memory.getLong("rssBytesPerConnection"));
        assertNull(memory.getJsonObject("nmtByCategory"));
    }

    private static MemoryPoint jvmPoint(long connections, long heap, Map<String, Long> categories) {
        Map<String, Long> ordered = new LinkedHashMap<>(categories);
        long total = ordered.values().stream().mapToLong(Long::longValue).sum();
        return new MemoryPoint(connections, 200_000_000 + heap, heap, new JvmMemory.NativeMemory(total, ordered));
    }
}
