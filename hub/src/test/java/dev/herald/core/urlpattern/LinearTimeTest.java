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
        // A thousand a* loops, all active at every position: states × length passes the limit.
        UrlPattern wide = UrlPattern.compile("https://example.com/((?:(?:a*){100}){10})", HUB);
        String shortTopic = "https://example.com/" + "a".repeat(100);
        String longTopic = "https://example.com/" + "a".repeat(10_000);
        assertTrue(wide.matches(shortTopic));
        long start = System.nanoTime();
        assertFalse(wide.matches(longTopic), "aborted at " + Nfa.MAX_STEPS + " steps, so not matching");
        long abortedNanos = System.nanoTime() - start;
        start = System.nanoTime();
        wide.matches(shortTopic);
        long shortNanos = Math.max(1, System.nanoTime() - start);
        System.out.printf("step limit: short topic %d us, aborted long topic %d us%n", shortNanos / 1000, abortedNanos / 1000);
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
