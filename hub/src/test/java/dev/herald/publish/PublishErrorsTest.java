package dev.herald.publish;

import dev.herald.testing.HttpResult;
import dev.herald.testing.Publisher;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every refused publish gets its status and a reason in the body, and has no effect: nothing is
 * delivered and the history does not hold it.
 */
class PublishErrorsTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final String REJECTED_ID = "rejected-update";

    /** A publish with everything right, for each case to spoil one thing of. */
    private static Function<TestHub, Publisher> valid(Function<Publisher, Publisher> spoil) {
        return hub -> spoil.apply(hub.publish().topic(TOPIC).id(REJECTED_ID).data("must not arrive"));
    }

    private static Function<TestHub, Publisher> withId(String id) {
        return hub -> hub.publish().topic(TOPIC).id(id).data("x");
    }

    private static Function<TestHub, Publisher> raw(String body) {
        return hub -> hub.publish().rawBody(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Function<TestHub, Publisher> token(Function<Tokens, String> token) {
        return hub -> hub.publish().token(token.apply(hub.tokens())).topic(TOPIC).id(REJECTED_ID).data("x");
    }

    static Stream<Arguments> refusedPublishes() {
        return Stream.of(
                arguments("no topic", 400, raw("data=x&id=" + REJECTED_ID)),
                arguments("more topics than max_topics_per_update (100)", 400,
                        raw("topic=" + TOPIC + "&topic=alternate".repeat(100) + "&data=x&id=" + REJECTED_ID)),
                arguments("empty topic", 400, raw("topic=&data=x&id=" + REJECTED_ID)),
                arguments("id starting with #", 400, withId("#" + REJECTED_ID)),
                arguments("retry not a number", 400, valid(p -> p.retry("soon"))),
                arguments("negative retry", 400, valid(p -> p.retry("-1"))),
                arguments("fractional retry", 400, valid(p -> p.retry("1.5"))),
                arguments("bad percent escape", 400, raw("topic=" + TOPIC + "&data=%ZZ&id=" + REJECTED_ID)),
                arguments("truncated percent escape", 400, raw("topic=" + TOPIC + "&id=" + REJECTED_ID + "&data=%4")),
                arguments("invalid UTF-8, escaped", 400, raw("topic=" + TOPIC + "&id=" + REJECTED_ID + "&data=%C3%28")),
                arguments("invalid UTF-8, raw bytes", 400, raw("topic=" + TOPIC + "&id=" + REJECTED_ID + "&data=\u00ff\u00fe")),
                arguments("line feed in id", 400, withId(REJECTED_ID + "\ndata: x")),
                arguments("NUL in id", 400, withId(REJECTED_ID + "\u0000")),
                arguments("carriage return in type", 400, valid(p -> p.type("t\revent: x"))),
                arguments("missing token", 401, token(tokens -> null)),
                arguments("garbage token", 401, token(tokens -> "not.a.jwt")),
                arguments("expired token", 401, token(tokens -> tokens.expiredPublisher("*"))),
                arguments("token signed with another key", 401, token(tokens -> Tokens.wrongKey().publisher("*"))),
                arguments("unsigned token (alg none)", 401,
                        token(tokens -> Tokens.unsigned(Map.of("mercure", Map.of("publish", java.util.List.of("*")))))),
                arguments("topic not covered by mercure.publish", 403,
                        token(tokens -> tokens.publisher("https://example.com/books/2"))),
                arguments("one of two topics not covered", 403, (Function<TestHub, Publisher>) hub -> hub.publish()
                        .token(hub.tokens().publisher(TOPIC)).topic(TOPIC, "https://example.com/other").id(REJECTED_ID)),
                arguments("no mercure claim", 403, token(tokens -> tokens.claims(Map.of("sub", "someone")))),
                arguments("no publish claim", 403, token(tokens -> tokens.mercure(Map.of("subscribe", java.util.List.of("*"))))),
                arguments("empty publish claim", 403, token(tokens -> tokens.publisher())),
                arguments("body larger than max-body-size", 413, valid(p -> p.data("x".repeat(5000)))),
                arguments("JSON content type", 415, valid(p -> p.contentType("application/json"))),
                arguments("multipart content type", 415, valid(p -> p.contentType("multipart/form-data; boundary=x"))),
                arguments("text/plain content type", 415, valid(p -> p.contentType("text/plain"))),
                arguments("no content type", 415, valid(p -> p.contentType(null))));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusedPublishes")
    void refusedPublishHasAReasonAndNoEffect(String name, int status, Function<TestHub, Publisher> publish) {
        try (TestHub hub = TestHub.start("--max-body-size", "4KiB");
             SseClient live = hub.subscribeWithFullAccess("*")) {
            HttpResult result = publish.apply(hub).send();

            assertEquals(status, result.status(), result.toString());
            assertTrue(result.contentType().startsWith("text/plain"), result.contentType());
            assertFalse(result.body().isBlank(), "the body says why");
            if (status == 401) {
                assertNotNull(result.header("WWW-Authenticate"));
            }

            String sentinel = hub.publishSentinel(TOPIC);
            assertEquals(sentinel, live.next().id(), "nothing but the sentinel is delivered");
            try (SseClient history = hub.subscriber().token(hub.tokens().subscriber("*")).topics("*")
                    .lastEventId("earliest").open()) {
                assertEquals(sentinel, history.next().id(), "the history holds nothing but the sentinel");
            }
            try (SseClient resume = hub.subscriber().token(hub.tokens().subscriber("*")).topics("*")
                    .lastEventId(REJECTED_ID).open()) {
                assertEquals("earliest", resume.header("Last-Event-ID"), "the rejected id is unknown to the hub");
            }
        }
    }
}
