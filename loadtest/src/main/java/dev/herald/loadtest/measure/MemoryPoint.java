package dev.herald.loadtest.measure;

import io.vertx.core.json.JsonObject;

/**
 * The server's memory with some number of idle connections: RSS always; for JVM servers the
 * live heap after a full collection, and committed native memory when tracking is on (else null).
 */
public record MemoryPoint(long connections, long rssBytes, Long liveHeapBytes, JvmMemory.NativeMemory nativeMemory) {

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("connections", connections).put("rssBytes", rssBytes);
        if (liveHeapBytes != null) {
            json.put("liveHeapBytes", liveHeapBytes);
        }
        if (nativeMemory != null) {
            JsonObject byCategory = new JsonObject();
            nativeMemory.committedBytesByCategory().forEach(byCategory::put);
            json.put("nmtCommittedBytes", nativeMemory.committedBytes()).put("nmtCommittedBytesByCategory", byCategory);
        }
        return json;
    }
}
