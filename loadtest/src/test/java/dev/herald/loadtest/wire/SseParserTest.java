package dev.herald.loadtest.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event-stream rules, whatever the reads the stream arrives in. */
class SseParserTest {

    private static final String STREAM = ": a comment\nid: 1\ndata: first\n\nretry: 10\ndata: second\ndata: lines\n\n"
            + "event: other\ndata\n\nid: 2\ndata:no space\n\n";

    private static final List<String> EXPECTED = List.of("1|first", "1|second\nlines", "1|", "2|no space");

    @ParameterizedTest(name = "line end {0}")
    @ValueSource(strings = {"LF", "CRLF", "CR"})
    void eventsCutAtEveryBytePositionParseAsWhole(String lineEnd) {
        byte[] stream = STREAM.replace("\n", switch (lineEnd) {
            case "CRLF" -> "\r\n";
            case "CR" -> "\r";
            default -> "\n";
        }).getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= stream.length; cut++) {
            List<String> events = new ArrayList<>();
            SseParser parser = parser(events);
            parser.feed(stream, 0, cut);
            parser.feed(stream, cut, stream.length);
            assertEquals(EXPECTED, events, "cut at byte " + cut);
        }
    }

    @ParameterizedTest(name = "line end {0}")
    @ValueSource(strings = {"LF", "CRLF"})
    void oneByteAtATimeParsesAsWhole(String lineEnd) {
        byte[] stream = STREAM.replace("\n", lineEnd.equals("CRLF") ? "\r\n" : "\n").getBytes(StandardCharsets.US_ASCII);
        List<String> events = new ArrayList<>();
        SseParser parser = parser(events);
        for (int i = 0; i < stream.length; i++) {
            parser.feed(stream, i, i + 1);
        }
        assertEquals(EXPECTED, events);
    }

    private static SseParser parser(List<String> events) {
        return new SseParser((id, idLength, data, dataLength) -> events.add(
                new String(id, 0, idLength, StandardCharsets.US_ASCII) + "|" + new String(data, 0, dataLength, StandardCharsets.US_ASCII)));
    }
}
