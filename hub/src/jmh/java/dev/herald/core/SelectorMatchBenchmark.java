package dev.herald.core;

import dev.herald.ShortRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.net.URI;

/**
 * One selector against one topic, for each kind of selector: what dispatch pays once per distinct
 * pattern and update, and what replay pays per subscriber and entry.
 */
public class SelectorMatchBenchmark extends ShortRun {
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
