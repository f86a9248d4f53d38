package dev.herald.server;

import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /} names Herald, its version and the subscribe URL. */
class IndexPageTest {
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void rootServesAnHtmlPageNamingHeraldItsVersionAndTheSubscribeUrl() {
        HttpResult page = Http.get(hub.baseUrl() + "/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("Herald"), page.body());
        assertTrue(page.body().contains(HeraldServer.version()), page.body());
        assertTrue(page.body().contains("/.well-known/mercure"), page.body());
    }

    @Test
    void unknownPathIs404WithAReason() {
        HttpResult missing = Http.get(hub.baseUrl() + "/nope");
        assertEquals(404, missing.status());
        assertTrue(!missing.body().isBlank());
    }

    @Test
    void unsupportedMethodOnTheHubIs405WithAReason() {
        HttpResult result = Http.request(io.vertx.core.http.HttpMethod.DELETE, hub.hubUrl(), java.util.Map.of(), null);
        assertEquals(405, result.status());
        assertTrue(!result.body().isBlank());
    }
}
