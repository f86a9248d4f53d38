package dev.herald.loadtest.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the memory of a server JVM from {@code jcmd} output: the live heap from
 * {@code GC.class_histogram} (which runs a full collection first, so only reachable objects
 * count) and committed native memory by category from {@code VM.native_memory summary}
 * (the JVM must run with {@code -XX:NativeMemoryTracking=summary}).
 */
public final class JvmMemory {

    /** Committed bytes in all, and per NMT category ("Java Heap", "Thread", "Other"…), largest first as printed. */
    public record NativeMemory(long committedBytes, Map<String, Long> committedBytesByCategory) {
    }

    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB", Pattern.MULTILINE);
    private static final Pattern CATEGORY =
            Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    private JvmMemory() {
    }

    /** The live heap in bytes from a class histogram; empty if the text holds no total line. */
    public static Optional<Long> liveHeapBytes(String classHistogram) {
        Matcher total = HISTOGRAM_TOTAL.matcher(classHistogram);
        return total.find() ? Optional.of(Long.parseLong(total.group(2))) : Optional.empty();
    }

    /** Committed native memory; empty when tracking is off (or the text is not an NMT summary). */
    public static Optional<NativeMemory> nativeMemory(String summary) {
        Matcher total = TOTAL.matcher(summary);
        if (!total.find()) {
            return Optional.empty();
        }
        Map<String, Long> byCategory = new LinkedHashMap<>();
        Matcher category = CATEGORY.matcher(summary);
        while (category.find()) {
            byCategory.put(category.group(1).trim(), Long.parseLong(category.group(3)) * 1024);
        }
        return Optional.of(new NativeMemory(Long.parseLong(total.group(2)) * 1024, byCategory));
    }
}
