package dev.herald.auth;

import dev.herald.testing.SseClient;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestHub;
import dev.herald.testing.Publisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Who receives an update, live and from history: one of its topics (canonical or alternate) must
 * match the subscription, and a private update additionally needs a {@code mercure.subscribe} grant
 * matching one of its topics. Selectors are exact topics, URI templates or {@code *}, on both sides.
 * {@code ~} stands for a namespace unique to each row.
 */
class PrivateUpdateMatrixTest {
    private static final boolean PRIVATE = true;
    private static final boolean PUBLIC = false;
    private static final boolean DELIVERED = true;
    private static final boolean NOT_DELIVERED = false;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static List<String> list(String... items) {
        return List.of(items);
    }

    static Stream<Arguments> matrix() {
        String book = "~/books/1";
        String book2 = "~/books/2";
        String review = "~/reviews/1";
        String books = "~/books/{id}";
        String reviews = "~/reviews/{id}";
        return Stream.of(
                // subscription, grant, update topics, private?, delivered?
                arguments(list(book), list(book), list(book), PRIVATE, DELIVERED),
                arguments(list(book), list(), list(book), PRIVATE, NOT_DELIVERED),
                arguments(list(book), list(), list(book), PUBLIC, DELIVERED),
                arguments(list(book), list(book2), list(book), PRIVATE, NOT_DELIVERED),
                arguments(list(book), list(book2), list(book), PUBLIC, DELIVERED),
                arguments(list(book), list(books), list(book), PRIVATE, DELIVERED),
                arguments(list(book), list("*"), list(book), PRIVATE, DELIVERED),
                arguments(list(book), list("~/Books/1"), list(book), PRIVATE, NOT_DELIVERED),
                arguments(list(book), list("~/{+path}"), list(book), PRIVATE, DELIVERED),
                arguments(list(book), list(reviews), list(book), PRIVATE, NOT_DELIVERED),
                arguments(list(books), list(book), list(book), PRIVATE, DELIVERED),
                arguments(list(books), list(book), list(book2), PRIVATE, NOT_DELIVERED),
                arguments(list(books), list(book), list(book2), PUBLIC, DELIVERED),
                arguments(list(books), list(books), list(book2), PRIVATE, DELIVERED),
                arguments(list(books), list("*"), list(review), PRIVATE, NOT_DELIVERED),
                arguments(list("*"), list(book), list(book), PRIVATE, DELIVERED),
                arguments(list("*"), list(book), list(book2), PRIVATE, NOT_DELIVERED),
                arguments(list("*"), list(), list(book), PUBLIC, DELIVERED),
                arguments(list("*"), list(), list(book), PRIVATE, NOT_DELIVERED),
                arguments(list("*"), list("*"), list(review), PRIVATE, DELIVERED),
                arguments(list("*"), list(books), list("~/books/1/reviews"), PRIVATE, NOT_DELIVERED),
                arguments(list("*"), list(books), list(book2), PRIVATE, DELIVERED),
                // several topics per update: the grant may match the canonical or an alternate
                arguments(list(book), list(review), list(book, review), PRIVATE, DELIVERED),
                arguments(list(review), list(book), list(book, review), PRIVATE, DELIVERED),
                arguments(list(book), list(review), list(book, book2), PRIVATE, NOT_DELIVERED),
                arguments(list(book), list(book), list(book2, review), PRIVATE, NOT_DELIVERED),
                arguments(list(book), list(book), list(book2, review), PUBLIC, NOT_DELIVERED),
                arguments(list(book), list("*"), list(book2, book), PRIVATE, DELIVERED),
                arguments(list(books), list(reviews), list(book, review), PRIVATE, DELIVERED),
                arguments(list(reviews), list(books), list(book2), PRIVATE, NOT_DELIVERED),
                arguments(list(reviews), list(books), list("~/reviews/7", "~/books/7"), PRIVATE, DELIVERED),
                arguments(list("*"), list(reviews), list(book, book2), PRIVATE, NOT_DELIVERED),
                // several selectors per subscription and per grant
                arguments(list(book, review), list(review), list(book), PRIVATE, NOT_DELIVERED),
                arguments(list(book, review), list(review), list(review), PRIVATE, DELIVERED),
                arguments(list(book), list(book2, books), list(book), PRIVATE, DELIVERED),
                arguments(list(book2), list("*"), list(book), PUBLIC, NOT_DELIVERED),
                arguments(list(book2), list("*"), list(book), PRIVATE, NOT_DELIVERED));
    }

    @ParameterizedTest(name = "subscribe {0}, grant {1}, update {2} private={3} -> delivered={4}")
    @MethodSource("matrix")
    void updateReachesOnlyMatchingAndAuthorizedSubscribers(List<String> subscription, List<String> grant,
                                                           List<String> topics, boolean privateUpdate, boolean delivered) {
        String base = "https://example.com/m" + NAMESPACES.incrementAndGet();
        String sentinelTopic = base + "/sentinel";
        List<String> selectors = new ArrayList<>(subscription.stream().map(s -> s.replace("~", base)).toList());
        selectors.add(sentinelTopic);
        String token = hub.tokens().mercure(Map.of("subscribe", grant.stream().map(s -> s.replace("~", base)).toList()));

        String updateId;
        String sentinel;
        String marker = hub.publish().topic(sentinelTopic).data("replay starts after this").sendOk();
        try (SseClient live = hub.subscriber().token(token).topics(selectors.toArray(String[]::new)).open()) {
            Publisher publish = hub.publish().topic(topics.stream().map(t -> t.replace("~", base)).toArray(String[]::new))
                    .data("the update");
            if (privateUpdate) {
                publish.privately();
            }
            updateId = publish.sendOk();
            sentinel = hub.publishSentinel(sentinelTopic);
            assertEquals(expected(updateId, sentinel, delivered), received(live, sentinel), "live delivery");
        }
        try (SseClient replay = hub.subscriber().token(token).topics(selectors.toArray(String[]::new))
                .lastEventId(marker).open()) {
            assertEquals(expected(updateId, sentinel, delivered), received(replay, sentinel), "history replay");
        }
    }

    private static List<String> expected(String updateId, String sentinel, boolean delivered) {
        return delivered ? List.of(updateId, sentinel) : List.of(sentinel);
    }

    private static List<String> received(SseClient events, String sentinel) {
        List<String> ids = new ArrayList<>();
        SseEvent event;
        do {
            event = events.next();
            ids.add(event.id());
        } while (!event.id().equals(sentinel));
        return ids;
    }
}
