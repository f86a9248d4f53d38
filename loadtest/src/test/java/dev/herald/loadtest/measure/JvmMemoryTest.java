package dev.herald.loadtest.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parses jcmd output recorded from a Herald (JDK 17, serial collector, tracking on). */
class JvmMemoryTest {

    @Test
    void nativeMemorySummaryGivesTheCommittedTotalAndEachCategoryInBytes() throws IOException {
        JvmMemory.NativeMemory nmt = JvmMemory.nativeMemory(recorded("vm-native-memory-summary.txt")).orElseThrow();

        assertEquals(319388L * 1024, nmt.committedBytes());
        Map<String, Long> byCategory = nmt.committedBytesByCategory();
        assertEquals(262144L * 1024, byCategory.get("Java Heap"));
        assertEquals(1347L * 1024, byCategory.get("Thread"));
        assertEquals(96L * 1024, byCategory.get("Other"));
        assertEquals(2043L * 1024, byCategory.get("Native Memory Tracking"));
        assertEquals(12060L * 1024, byCategory.get("Shared class space"));
        assertEquals(List.of("Java Heap", "Class", "Thread"), byCategory.keySet().stream().limit(3).toList());
        assertEquals(19, byCategory.size());
        // The categories account for the total, up to NMT's rounding of each to whole KB.
        assertEquals(nmt.committedBytes(), byCategory.values().stream().mapToLong(Long::longValue).sum(), 19 * 1024);
    }

    @Test
    void aJvmWithoutTrackingGivesNoNativeMemory() {
        assertTrue(JvmMemory.nativeMemory("12345:\nNative memory tracking is not enabled\n").isEmpty());
    }

    @Test
    void classHistogramGivesTheLiveHeapFromItsTotalLine() throws IOException {
        assertEquals(6933032L, JvmMemory.liveHeapBytes(recorded("gc-class-histogram.txt")).orElseThrow());
        assertTrue(JvmMemory.liveHeapBytes("12345:\nCommand not found\n").isEmpty());
    }

    private static String recorded(String name) throws IOException {
        try (InputStream in = JvmMemoryTest.class.getResourceAsStream("/jcmd/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
