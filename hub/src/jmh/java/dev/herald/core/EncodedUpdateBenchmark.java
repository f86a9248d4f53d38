package dev.herald.core;

import dev.herald.ShortRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.List;

/** Encoding one update for the wire, once per format (every connection then shares the bytes). */
public class EncodedUpdateBenchmark extends ShortRun {
    /** Bytes of data; past 200 the data spans several lines, as pretty-printed JSON does. */
    @Param({"100", "2000"})
    public int dataBytes;

    private Update update;

    @Setup
    public void update() {
        StringBuilder data = new StringBuilder("{\"id\":1234,\"title\":\"");
        while (data.length() < dataBytes) {
            data.append(dataBytes > 200 && data.length() % 80 == 0 ? "\n" : "é");
        }
        update = new Update(new LogPosition(1, 1), "urn:uuid:6f1ea0a5-0b3c-4b9a-9d36-6a2f2a9d3c11",
                List.of("https://example.com/books/1234"), data.append("\"}").toString(), "book", null, false);
    }

    @Benchmark
    public int sse() {
        return new EncodedUpdate(update).sse().length();
    }

    @Benchmark
    public int json() {
        return new EncodedUpdate(update).json().length;
    }
}
