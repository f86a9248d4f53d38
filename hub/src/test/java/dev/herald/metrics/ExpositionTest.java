package dev.herald.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The exposition parser the metrics tests rely on refuses what Prometheus would refuse. */
class ExpositionTest {
    private static final String VALID = """
            # HELP requests_total Requests.
            # TYPE requests_total counter
            requests_total{code="200",path="a\\"b\\\\c"} 3.0
            requests_total{code="500"} 1
            # HELP latency_seconds Latency.
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.1"} 1
            latency_seconds_bucket{le="+Inf"} 2
            latency_seconds_count 2
            latency_seconds_sum 0.35
            """;

    @Test
    void readsAValidExposition() {
        Exposition exposition = Exposition.parse(VALID);
        assertEquals(3.0, exposition.value("requests_total", "code", "200", "path", "a\"b\\c"));
        assertEquals("histogram", exposition.typeOf("latency_seconds_bucket"));
    }

    @Test
    void refusesWhatPrometheusWouldRefuse() {
        String[] broken = {
                VALID.replace("# TYPE requests_total counter\n", ""),                       // sample before TYPE
                VALID.replace("# HELP latency_seconds Latency.\n", ""),                     // no HELP
                VALID.replace("requests_total{code=\"500\"} 1", "requests_total{code=\"200\",path=\"a\\\"b\\\\c\"} 1"), // duplicate
                VALID.replace("{code=\"500\"}", "{2code=\"500\"}"),                          // label name
                VALID.replace("{code=\"500\"} 1", "{code=\"500\"} one"),                     // value
                VALID.replace("latency_seconds_count 2", "latency_seconds_count 3"),       // +Inf != count
                VALID.replace("latency_seconds_bucket{le=\"0.1\"} 1", "latency_seconds_bucket{le=\"0.1\"} 5"), // not cumulative
                VALID.replace("latency_seconds_bucket{le=\"+Inf\"} 2\n", ""),               // no +Inf
                VALID.replace("latency_seconds_sum 0.35\n", ""),                            // no sum
                VALID + "requests_total{code=\"404\"} 1\n",                                 // family split in two
                VALID.replace("counter", "countr"),                                         // unknown type
                VALID.stripTrailing(),                                                      // no final line feed
        };
        for (String text : broken) {
            assertThrows(AssertionError.class, () -> Exposition.parse(text), text);
        }
    }
}
