package dev.herald.core;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * One selector against one topic, for each kind of selector: what dispatch pays once per distinct
 * pattern and update, and what replay pays per subscriber and entry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SelectorMatchBenchmark {
    private static final URI HUB = URI.create("https://example.com/.well-known/mercure");

    @Param({"exact", "uritemplate", "urlpattern"})
    public String type;

    private TopicSelector selector;
    private final String matching = "https://example.com/books/1234";
    private final String other = "https://example.com/authors/1234/reviews";

    @Setup
    public void compile() {
        MatcherType matcherType = MatcherType.fromWireName(type);
        String text = switch (matcherType) {
            case EXACT -> "https://example.com/books/1234";
            case URI_TEMPLATE -> "https://example.com/books/{id}";
            case URL_PATTERN -> "https://example.com/books/:id";
        };
        selector = TopicSelector.of(matcherType, text, HUB);
        if (!selector.matches(matching) || selector.matches(other)) {
            throw new IllegalStateException("the benchmark's selector does not select what it should: " + text);
        }
    }

    @Benchmark
    public boolean matchingTopic() {
        return selector.matches(matching);
    }

    @Benchmark
    public boolean otherTopic() {
        return selector.matches(other);
    }
}
