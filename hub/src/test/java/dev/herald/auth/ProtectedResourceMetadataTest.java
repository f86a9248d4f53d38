package dev.herald.auth;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Draft-08, Protected Resource Metadata (RFC 9728): served at
 * {@code /.well-known/oauth-protected-resource} plus the path of {@code hub_url}, naming the
 * resource identifier tokens carry in {@code aud}, and found from any challenge.
 */
class ProtectedResourceMetadataTest {

    @Test
    void theDocumentDescribesTheHub() {
        try (TestHub hub = TestHub.start()) {
            HttpResult result = Http.get(hub.baseUrl() + "/.well-known/oauth-protected-resource/.well-known/mercure");
            assertEquals(200, result.status());
            assertEquals("application/json", result.contentType());
            JsonObject document = new JsonObject(result.body());
            assertEquals("https://localhost/.well-known/mercure", document.getString("resource"));
            assertEquals(new JsonArray().add("mercure"), document.getJsonArray("authorization_details_types_supported"));
            assertEquals(new JsonArray().add("header"), document.getJsonArray("bearer_methods_supported"));
            assertEquals(true, document.getBoolean("mercure_cookie"));
            assertEquals(new JsonArray().add("exact").add("uritemplate").add("urlpattern"),
                    document.getJsonArray("mercure_matcher_types_supported"));
            assertEquals(true, document.getBoolean("mercure_subscriptions"));
        }
    }

    @Test
    void theResourceIsJwtAudienceWhenSet() {
        try (TestHub hub = TestHub.start("--jwt-audience", "urn:example:hub")) {
            HttpResult result = Http.get(hub.baseUrl() + "/.well-known/oauth-protected-resource/.well-known/mercure");
            assertEquals("urn:example:hub", new JsonObject(result.body()).getString("resource"));
        }
    }

    @Test
    void thePathFollowsHubUrlAndTheChallengeLeadsToTheDocument() {
        try (TestHub hub = TestHub.start("--hub-url", "https://hub.example.com/tenants/a/hub")) {
            String challenge = hub.publish().token(null).topic("x").data("x").send().header("WWW-Authenticate");
            String url = challenge.substring(challenge.indexOf('"') + 1, challenge.lastIndexOf('"'));
            assertEquals("https://hub.example.com/.well-known/oauth-protected-resource/tenants/a/hub", url);
            HttpResult result = Http.get(hub.baseUrl() + URI.create(url).getPath());
            assertEquals(200, result.status());
            assertEquals("https://hub.example.com/tenants/a/hub", new JsonObject(result.body()).getString("resource"));
            assertEquals(404, Http.get(hub.baseUrl() + "/.well-known/oauth-protected-resource/.well-known/mercure")
                    .status());
        }
    }
}
