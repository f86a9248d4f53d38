package dev.herald.core.urlpattern;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draft-08 asks hubs to guard against patterns crafted to backtrack catastrophically. Herald's
 * matcher never backtracks, so such a pattern costs about what a plain one does on the same topic;
 * compared as a ratio, run side by side, not against a clock.
 */
class LinearTimeTest {
    private static final URI HUB = URI.create("https://hub.example.com/.well-known/mercure");
    private static final int EVALUATIONS = 1_000;

    @Test
    void nestedQuantifiersCostAboutAsMuchAsAPlainPatternOnALongTopic() {
        String topic = "https://example.com/" + "a".repeat(4_000) + "!";
        UrlPattern plain = UrlPattern.compile("https://example.com/:id", HUB);
        // (a+)+b, the classic: a backtracking engine takes time exponential in the run of a's.
        UrlPattern nested = UrlPattern.compile("https://example.com/((?:a+)+b)", HUB);
        UrlPattern stacked = UrlPattern.compile("https://example.com/((?:a|aa|a?a)*)*:x(a*)*b", HUB);
        assertTrue(plain.matches(topic));
        assertFalse(nested.matches(topic));
        assertFalse(stacked.matches(topic));
        // Within the step limit: they do match once the topic ends as they require.
        String endsWithB = "https://example.com/" + "a".repeat(4_000) + "b";
        assertTrue(nested.matches(endsWithB));
        assertTrue(stacked.matches(endsWithB));

        for (UrlPattern pattern : new UrlPattern[] {plain, nested, stacked}) {
            cost(pattern, topic); // warm every path up before measuring any
        }
        long plainNanos = cost(plain, topic);
        long nestedNanos = cost(nested, topic);
        long stackedNanos = cost(stacked, topic);
        System.out.printf("1000 evaluations: plain %d ms, (a+)+b %d ms, stacked %d ms%n",
                plainNanos / 1_000_000, nestedNanos / 1_000_000, stackedNanos / 1_000_000);
        assertTrue(nestedNanos < 20 * plainNanos, "nested quantifiers cost " + nestedNanos / plainNanos + "x");
        assertTrue(stackedNanos < 50 * plainNanos, "stacked quantifiers cost " + stackedNanos / plainNanos + "x");
    }

    @Test
    void anEvaluationPastTheStepLimitIsAbortedAndDoesNotMatch() {
        // A hundred a* loops, all active at every position: more states per code point than allowed.
        UrlPattern wide = UrlPattern.compile("https://example.com/((?:(?:a*){10}){10})", HUB);
        UrlPattern plain = UrlPattern.compile("https://example.com/(a*)", HUB);
        String shortTopic = "https://example.com/" + "a".repeat(10);
        String longTopic = "https://example.com/" + "a".repeat(10_000);
        assertTrue(wide.matches(shortTopic), "within " + Nfa.BASE_STEPS + " steps");
        assertTrue(plain.matches(longTopic));
        assertFalse(wide.matches(longTopic), "aborted past " + Nfa.STEPS_PER_CODE_POINT
                + " steps a code point, so not matching");
        String hugeTopic = "https://example.com/" + "a".repeat(200_000);
        assertFalse(plain.matches(hugeTopic), "aborted past " + Nfa.MAX_STEPS + " steps whatever the topic's length");
    }

    /** The time of {@link #EVALUATIONS} matches. */
    private static long cost(UrlPattern pattern, String topic) {
        long start = System.nanoTime();
        for (int i = 0; i < EVALUATIONS; i++) {
            pattern.matches(topic);
        }
        return Math.max(1, System.nanoTime() - start);
    }
}
