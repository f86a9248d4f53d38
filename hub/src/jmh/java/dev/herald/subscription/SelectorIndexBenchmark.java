package dev.herald.subscription;

import dev.herald.ShortRun;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.Grants;
import dev.herald.core.LogPosition;
import dev.herald.core.MatcherType;
import dev.herald.core.TopicSelector;
import dev.herald.core.Update;
import dev.herald.metrics.HubMetrics;
import dev.herald.metrics.TransportKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.net.URI;
import java.util.List;

/**
 * Finding the recipients of one update among many subscriptions: {@code subscribers} subscribers
 * each on its own exact topic, plus {@code patterns} distinct URI templates and URL patterns (one
 * subscriber each) that the update's topic does not match, so each is matched and rejected.
 */
public class SelectorIndexBenchmark extends ShortRun {
    private static final URI HUB = URI.create("https://example.com/.well-known/mercure");

    @Param({"10000"})
    public int subscribers;

    @Param({"0", "100"})
    public int patterns;

    private final SelectorIndex index = new SelectorIndex();
    private EncodedUpdate update;
    private int recipients;

    @Setup
    public void subscribe() {
        HubMetrics.TransportMeters meters = new HubMetrics(new SimpleMeterRegistry()).transport(TransportKind.SSE);
        for (int i = 0; i < subscribers; i++) {
            add(TopicSelector.of(MatcherType.EXACT, "https://example.com/books/" + i, HUB), meters);
        }
        for (int i = 0; i < patterns; i++) {
            add(i % 2 == 0
                    ? TopicSelector.of(MatcherType.URI_TEMPLATE, "https://example.com/shelves/" + i + "/{id}", HUB)
                    : TopicSelector.of(MatcherType.URL_PATTERN, "https://example.com/shelves/" + i + "/:id", HUB), meters);
        }
        update = new EncodedUpdate(new Update(new LogPosition(1, 1), "urn:uuid:1",
                List.of("https://example.com/books/" + subscribers / 2), "{}", null, null, false));
        index.forEachRecipient(update, subscriber -> recipients++);
        if (recipients != 1) {
            throw new IllegalStateException("expected one recipient, found " + recipients);
        }
    }

    private void add(TopicSelector selector, HubMetrics.TransportMeters meters) {
        index.add(new Subscriber(List.of(selector), Grants.anonymous(), new NullTransport(), meters, 1));
    }

    @Benchmark
    public int lookup() {
        recipients = 0;
        index.forEachRecipient(update, subscriber -> recipients++);
        return recipients;
    }
}
