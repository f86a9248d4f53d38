package dev.herald.subscription;

import dev.herald.core.Grants;
import dev.herald.core.MatcherType;
import dev.herald.core.TopicSelector;
import dev.herald.core.UpdateDraft;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The index groups subscribers by pattern: a pattern is its matcher type and its text. */
class SelectorIndexTest {
    private static final URI HUB = URI.create("https://hub.example.com/.well-known/mercure");

    @Test
    void aUriTemplateAndAUrlPatternWithTheSameTextAreDifferentPatterns() {
        String text = "https://example.com/{id}";
        TopicSelector sentinel = TopicSelector.parse("sentinel");
        try (OnLoop loop = new OnLoop()) {
            FakeTransport template = FakeTransport.healthy();
            FakeTransport pattern = FakeTransport.healthy();
            subscribe(loop, template, TopicSelector.of(MatcherType.URI_TEMPLATE, text, HUB), sentinel);
            subscribe(loop, pattern, TopicSelector.of(MatcherType.URL_PATTERN, text, HUB), sentinel);
            publish(loop, "sentinel"); // once both have it, they are live: dispatch goes through the index
            OnLoop.await(template.written(1));
            OnLoop.await(pattern.written(1));
            publish(loop, "https://example.com/1");
            publish(loop, "https://example.com/id");
            publish(loop, "sentinel");
            OnLoop.await(template.written(4));
            OnLoop.await(pattern.written(3));
            assertEquals(List.of(1L, 2L, 3L, 4L), template.written);
            assertEquals(List.of(1L, 3L, 4L), pattern.written, "the URL pattern matches only the literal text 'id'");
        }
    }

    private static void subscribe(OnLoop loop, FakeTransport transport, TopicSelector... selectors) {
        loop.call(() -> loop.subscriptions.subscribe(
                new SubscribeRequest(List.of(selectors), Grants.anonymous(), null), transport,
                new SubscriptionHead() {
                    @Override
                    public void accepted(String anchorId) {
                    }

                    @Override
                    public void refused(String reason) {
                        throw new AssertionError("history refused: " + reason);
                    }
                }));
    }

    private static void publish(OnLoop loop, String topic) {
        OnLoop.await(loop.broker.publish(new UpdateDraft(null, List.of(topic), topic, null, null, false))
                .toCompletionStage().toCompletableFuture());
    }
}
