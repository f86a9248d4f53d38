package dev.herald.core;

import dev.herald.testing.AccessTokens;
import dev.herald.testing.HttpResult;
import dev.herald.testing.SseClient;
import dev.herald.testing.TestHub;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draft-08, Publication and Security Considerations (Reserved Hub Namespace): a topic whose path,
 * resolved against {@code hub_url} and normalized, is the hub's path or below it is the hub's alone;
 * every publisher gets 403, whatever its draft and grants.
 */
class ReservedNamespaceTest {
    private static final ReservedNamespace DEFAULT =
            new ReservedNamespace(URI.create("https://hub.example.com/.well-known/mercure"));

    @ParameterizedTest
    @ValueSource(strings = {
            "/.well-known/mercure",
            "/.well-known/mercure/subscriptions/exact/x/y",
            "https://hub.example.com/.well-known/mercure/subscriptions/forged",
            "https://other.example.com/.well-known/mercure/x",
            "HTTPS://HUB.EXAMPLE.COM/.well-known/mercure/x",
            "//hub.example.com/.well-known/mercure/x",
            "/.well-known/%6Dercure/x",
            "/.well-known/%6dercure",
            "/.%77ell-known/mercure/x",
            "/.well-known/mercure/../mercure/x",
            "/a/b/../../.well-known/mercure/x",
            "/.well-known/mercure/./x",
            "/.well-known/x/%2e%2e/mercure/y",
            "/.well-known/x/%2E./mercure/y",
            "\\.well-known\\mercure\\x",
            "https:\\\\hub.example.com\\.well-known\\mercure\\x",
            "https:/.well-known/mercure/x",
            "http:hub.example.com/.well-known/mercure/x",
            "mercure/subscriptions",
            "./mercure",
            "../.well-known/mercure/x",
            "/.well-known/mercure?x=1",
            "/.well-known/mercure#x",
            "foo://host/.well-known/mercure/x",
            " /.well-known/mercure/x"})
    void topicsInTheNamespaceAreReserved(String topic) {
        assertTrue(DEFAULT.contains(topic), topic);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com/books/1",
            "https://hub.example.com/.well-known/mercurex",
            "https://hub.example.com/.well-known/mercure-other/x",
            "/.well-known/Mercure/x",
            "/.well-known/mercure%2Fx",
            "/.well-known/mercure/../x",
            "/.well-known/%2e%2e/mercure/x",
            "urn:uuid:0b3d4e2a",
            "urn:.well-known/mercure",
            "news",
            "books/1",
            "https://hub.example.com/?/.well-known/mercure/x",
            "https://hub.example.com/#/.well-known/mercure/x",
            "https://[broken/.well-known/mercure/x",
            "http://hub.example.com:99999/.well-known/mercure/x"})
    void otherTopicsAreNot(String topic) {
        assertFalse(DEFAULT.contains(topic), topic);
    }

    @Test
    void theNamespaceFollowsTheHubUrlsPath() {
        ReservedNamespace prefixed = new ReservedNamespace(URI.create("https://example.com/tenants/a/hub"));
        assertTrue(prefixed.contains("/tenants/a/hub/subscriptions"));
        assertTrue(prefixed.contains("hub"), "relative to the hub's URL");
        assertFalse(prefixed.contains("/.well-known/mercure/x"));
        assertFalse(prefixed.contains("/tenants/a/hubs"));
    }

    @Test
    void everyPublisherIsRefusedWithAReasonAndNothingIsPublished() {
        try (TestHub hub = TestHub.start()) {
            String forged = "https://localhost/.well-known/mercure/subscriptions/exact/x/y";
            try (SseClient everything = hub.subscribeWithFullAccess("*")) {
                HttpResult draft07 = hub.publish().topic(forged).data("{\"active\":true}").send();
                assertEquals(403, draft07.status());
                assertTrue(draft07.body().startsWith("topic " + forged + " is in the hub's reserved namespace"),
                        draft07.body());
                assertNull(draft07.header("WWW-Authenticate"), "not a matter of the token's grants");
                String draft08 = new AccessTokens(hub.tokens()).publisher(forged);
                assertEquals(403, hub.publish().token(draft08).topic("/.well-known/%6Dercure/x").data("x").send().status());
                assertEquals(403, hub.publish().topic("https://example.com/ok", "/.well-known/mercure/x").data("x").send()
                        .status(), "an alternate topic in the namespace refuses the update");
                String sentinel = hub.publishSentinel("https://example.com/ok");
                assertEquals(sentinel, everything.next().id());
            }
        }
    }
}
