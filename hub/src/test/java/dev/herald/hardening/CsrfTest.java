package dev.herald.hardening;

import dev.herald.server.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.LogCapture;
import dev.herald.testing.Probe;
import dev.herald.testing.Publisher;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-site request forgery: a browser attaches the authorization cookie to a form any site posts
 * to the hub. A publish authenticated by the cookie is accepted only when {@code Origin} (or, without
 * it, {@code Referer}) names an allowed origin or the hub's own; the Mercure specification requires
 * hubs to mitigate CSRF. The opaque origin {@code null} is never allowed, nor reflected in CORS.
 */
class CsrfTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example";
    private static TestHub hub;
    private static String cookie;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("--cors-origins", APP);
        cookie = "mercureAuthorization=" + hub.tokens().publisher("*");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    /** A publish carrying the publisher's cookie, as a browser sends it, with these extra headers. */
    private static Publisher cookiePublish(TestHub target, Map<String, String> headers) {
        Publisher publish = target.publish().token(null)
                .header("Cookie", "mercureAuthorization=" + target.tokens().publisher("*"));
        headers.forEach(publish::header);
        return publish.topic(TOPIC).data("forged?");
    }

    private static void assertRefusedWithoutEffect(Map<String, String> headers) {
        try (SseClient live = hub.subscribeWithFullAccess(TOPIC)) {
            HttpResult result = cookiePublish(hub, headers).send();
            assertEquals(403, result.status(), headers + " " + result);
            assertTrue(result.body().startsWith("cross-site request refused"), result.body());
            String sentinel = hub.publishSentinel(TOPIC);
            assertEquals(sentinel, live.next().id(), "the forged update was not published");
        }
    }

    @Test
    void cookiePublishFromAForeignOriginIsRefused() {
        assertRefusedWithoutEffect(Map.of("Origin", EVIL));
        assertRefusedWithoutEffect(Map.of("Origin", EVIL, "Referer", APP + "/page"));
    }

    @Test
    void cookiePublishFromTheOpaqueOriginIsRefused() {
        assertRefusedWithoutEffect(Map.of("Origin", "null"));
    }

    @Test
    void cookiePublishWithNeitherOriginNorRefererIsRefused() {
        assertRefusedWithoutEffect(Map.of());
    }

    @Test
    void cookiePublishWithAForeignOrUnreadableRefererIsRefused() {
        assertRefusedWithoutEffect(Map.of("Referer", EVIL + "/attack.html"));
        assertRefusedWithoutEffect(Map.of("Referer", "https://app.example.com.evil.example/"));
        assertRefusedWithoutEffect(Map.of("Referer", "not a url"));
    }

    @Test
    void cookiePublishFromAnAllowedOriginOrTheHubsOwnIsAccepted() {
        assertEquals(200, cookiePublish(hub, Map.of("Origin", APP)).send().status());
        assertEquals(200, cookiePublish(hub, Map.of("Origin", hub.baseUrl())).send().status());
        assertEquals(200, cookiePublish(hub, Map.of("Referer", APP + "/editor?doc=1")).send().status());
        assertEquals(200, cookiePublish(hub, Map.of("Referer", "https://app.example.com:443/")).send().status());
        assertEquals(200, cookiePublish(hub, Map.of("Referer", hub.baseUrl() + "/")).send().status());
    }

    @Test
    void tokenInTheAuthorizationHeaderNeedsNoOrigin() {
        // A foreign page cannot set the Authorization header without the token itself.
        assertEquals(200, hub.publish().header("Origin", EVIL).header("Cookie", cookie).topic(TOPIC).data("x").send()
                .status());
    }

    @Test
    void aBurstOfForgedPublishesIsRefusedAndTheHubKeepsServing() {
        for (int i = 0; i < 200; i++) {
            assertEquals(403, cookiePublish(hub, Map.of("Origin", i % 2 == 0 ? EVIL : "null")).send().status());
        }
        Probe.assertResponsive(hub);
    }

    @Test
    void anyOriginAllowsCookiePublishesButNeverTheOpaqueOriginAndIsWarnedAbout() {
        try (LogCapture log = LogCapture.of(HeraldServer.class.getName());
             TestHub open = TestHub.start("--cors-origins", "*")) {
            assertTrue(log.messages().stream().anyMatch(line -> line.contains("cors_origins is *")), log.messages()
                    .toString());
            assertEquals(200, cookiePublish(open, Map.of("Origin", EVIL)).send().status());
            assertEquals(403, cookiePublish(open, Map.of("Origin", "null")).send().status());
        }
    }

    @Test
    void theOpaqueOriginIsNeverReflectedInCorsResponses() {
        try (TestHub open = TestHub.start("--anonymous", "--cors-origins", "*")) {
            HttpResult preflight = Http.request(HttpMethod.OPTIONS, open.hubUrl(), Map.of("Origin", "null",
                    "Access-Control-Request-Method", "POST"), null);
            assertEquals(403, preflight.status());
            assertNull(preflight.header("Access-Control-Allow-Origin"));
            try (SseClient events = open.subscriber().topics(TOPIC).header("Origin", "null").open()) {
                assertNull(events.header("Access-Control-Allow-Origin"));
                assertNull(events.header("Access-Control-Allow-Credentials"));
            }
            assertEquals(403, WsClient.refusedStatus(open, "topic=" + TestHub.encode(TOPIC), "null"));
        }
    }
}
