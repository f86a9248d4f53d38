package dev.herald.http;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Browsers on the origins listed in {@code --cors-origins} may subscribe and publish with
 * credentials; preflight requests are answered; other origins get no CORS headers.
 */
class CorsTest {
    private static final String ALLOWED = "https://app.example.com";
    private static final String TOPIC = "https://example.com/books/1";
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--anonymous", "--cors-origins", ALLOWED + ",https://admin.example.com");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static HttpResult preflight(TestHub target, String origin, String method) {
        return Http.request(HttpMethod.OPTIONS, target.hubUrl(), Map.of("Origin", origin,
                "Access-Control-Request-Method", method, "Access-Control-Request-Headers", "authorization, last-event-id"),
                null);
    }

    @Test
    void allowedOriginIsEchoedWithCredentialsOnSubscribe() {
        try (SseClient events = hub.subscriber().topics(TOPIC).header("Origin", ALLOWED).open()) {
            assertEquals(200, events.status());
            assertEquals(ALLOWED, events.header("Access-Control-Allow-Origin"));
            assertEquals("true", events.header("Access-Control-Allow-Credentials"));
            assertTrue(events.header("Access-Control-Expose-Headers").contains("Last-Event-ID"));
        }
    }

    @Test
    void allowedOriginIsEchoedWithCredentialsOnPublish() {
        HttpResult result = hub.publish().header("Origin", ALLOWED).topic(TOPIC).data("x").send();
        assertEquals(200, result.status());
        assertEquals(ALLOWED, result.header("Access-Control-Allow-Origin"));
        assertEquals("true", result.header("Access-Control-Allow-Credentials"));
    }

    @Test
    void preflightFromAnAllowedOriginIsAnswered204WithTheAllowedMethodsAndHeaders() {
        HttpResult result = preflight(hub, ALLOWED, "POST");
        assertEquals(204, result.status(), result.toString());
        assertEquals(ALLOWED, result.header("Access-Control-Allow-Origin"));
        assertEquals("true", result.header("Access-Control-Allow-Credentials"));
        String methods = result.header("Access-Control-Allow-Methods");
        assertTrue(methods.contains("GET") && methods.contains("POST"), methods);
        String headers = result.header("Access-Control-Allow-Headers").toLowerCase();
        assertTrue(headers.contains("authorization") && headers.contains("last-event-id"), headers);
    }

    @Test
    void disallowedOriginGetsNoCorsHeaders() {
        try (SseClient events = hub.subscriber().topics(TOPIC).header("Origin", "https://evil.example").open()) {
            assertEquals(200, events.status(), "the request itself is served; the browser withholds the response");
            assertNull(events.header("Access-Control-Allow-Origin"));
            assertNull(events.header("Access-Control-Allow-Credentials"));
        }
        HttpResult publish = hub.publish().header("Origin", "https://evil.example").topic(TOPIC).data("x").send();
        assertNull(publish.header("Access-Control-Allow-Origin"));
    }

    @Test
    void preflightFromADisallowedOriginIsRefused() {
        HttpResult result = preflight(hub, "https://evil.example", "POST");
        assertEquals(403, result.status());
        assertNull(result.header("Access-Control-Allow-Origin"));
        assertFalse(result.body().isBlank());
    }

    @Test
    void requestWithoutOriginGetsNoCorsHeaders() {
        HttpResult result = hub.publish().topic(TOPIC).data("x").send();
        assertNull(result.header("Access-Control-Allow-Origin"));
    }

    @Test
    void starAllowsAnyOriginAndEchoesIt() {
        try (TestHub open = TestHub.start("--anonymous", "--cors-origins", "*")) {
            HttpResult result = preflight(open, "https://anywhere.example", "GET");
            assertEquals(204, result.status());
            assertEquals("https://anywhere.example", result.header("Access-Control-Allow-Origin"));
            assertEquals("true", result.header("Access-Control-Allow-Credentials"));
        }
    }

    @Test
    void withoutCorsOriginsNoOriginIsAllowed() {
        try (TestHub closed = TestHub.start("--anonymous")) {
            assertEquals(403, preflight(closed, ALLOWED, "GET").status());
        }
    }
}
