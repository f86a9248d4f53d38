package dev.herald.auth;

import dev.herald.testing.Await;
import dev.herald.testing.Http;
import dev.herald.testing.HttpResult;
import dev.herald.testing.JwksServer;
import dev.herald.testing.Pem;
import dev.herald.testing.Publisher;
import dev.herald.testing.TestHub;
import dev.herald.testing.WsClient;
import io.jsonwebtoken.Jwts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.herald.auth.JwksKeysTest.publisher;
import static dev.herald.auth.JwksKeysTest.subscriber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the JWKS endpoint fails: the keys fetched before keep working; a node that never fetched
 * starts, refuses the tokens that need the set with a 401 that says why and is not ready; a
 * malformed, oversized or refused answer is no set; a slow endpoint delays only the tokens waiting
 * for it.
 */
class JwksAvailabilityTest {
    private static final String TOPIC = "https://example.com/books/1";
    private static KeyPair rsa;
    private JwksServer jwks;

    @BeforeAll
    static void generateKeys() {
        rsa = Pem.rsa(2048);
    }

    @BeforeEach
    void serve() {
        jwks = JwksServer.start().keys(JwksServer.jwk(rsa.getPublic(), "rsa-1"));
    }

    @AfterEach
    void stop() {
        jwks.close();
    }

    private TestHub hub() {
        return TestHub.builder().noDefaultKeys().args("--publisher-jwks-url", jwks.url(),
                "--subscriber-jwks-url", jwks.url()).start();
    }

    private static HttpResult publish(TestHub hub, String token) {
        return Publisher.to(hub).token(token).topic(TOPIC).data("x").send();
    }

    private static String knownPublisher() {
        return publisher("rsa-1", rsa.getPrivate(), Jwts.SIG.RS256);
    }

    private static JsonObject readiness(TestHub hub) {
        HttpResult ready = Http.get(hub.baseUrl() + "/readyz");
        JsonObject body = new JsonObject(ready.body());
        body.put("status_code", ready.status());
        return body;
    }

    @Test
    void fetchedKeysKeepWorkingWhileTheEndpointIsDown() {
        try (TestHub hub = hub()) {
            jwks.stopListening();
            assertEquals(200, publish(hub, knownPublisher()).status());
            HttpResult unknown = publish(hub, publisher("rsa-2", rsa.getPrivate(), Jwts.SIG.RS256));
            assertEquals(401, unknown.status());
            assertTrue(unknown.body().contains("names no usable key"), unknown.body());
            // The failed refresh kept the keys, and the node stays ready.
            assertEquals(200, publish(hub, knownPublisher()).status());
            assertEquals(200, readiness(hub).getInteger("status_code"));
        }
    }

    @Test
    void aNodeThatNeverFetchedRefusesWithAReasonAndIsNotReadyUntilAFetchSucceeds() {
        jwks.stopListening();
        try (TestHub hub = hub()) {
            JsonObject notReady = readiness(hub);
            assertEquals(503, notReady.getInteger("status_code"));
            assertTrue(notReady.getJsonObject("checks").getString("jwks").contains("publisher_jwks_url"), notReady.encode());

            var refused = hub.subscriber().token(subscriber("rsa-1", rsa.getPrivate(), Jwts.SIG.RS256)).topics(TOPIC).open();
            assertEquals(401, refused.status());
            assertTrue(refused.errorBody().contains("could not fetch its JWK Set"), refused.errorBody());
            refused.close();

            // The endpoint comes back: the next token that needs it fetches the set.
            jwks.listenAgain();
            assertEquals(200, publish(hub, knownPublisher()).status());
            JsonObject halfReady = readiness(hub);
            assertEquals(503, halfReady.getInteger("status_code"));
            assertEquals("not fetched yet: subscriber_jwks_url", halfReady.getJsonObject("checks").getString("jwks"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"keys\":3}", "{\"no\":\"keys\"}", "status 500", "oversized"})
    void anAnswerThatIsNoJwkSetIsNoKeys(String answer) {
        switch (answer) {
            case "status 500" -> jwks.status(500);
            case "oversized" -> jwks.body("{\"keys\":[],\"padding\":\"" + "x".repeat(600 * 1024) + "\"}");
            default -> jwks.body(answer);
        }
        try (TestHub hub = hub()) {
            HttpResult refused = publish(hub, knownPublisher());
            assertEquals(401, refused.status());
            assertTrue(refused.body().contains("could not fetch its JWK Set"), refused.body());
            assertEquals(503, readiness(hub).getInteger("status_code"));
        }
    }

    @Test
    void aMalformedAnswerLaterKeepsTheKeysFetchedBefore() {
        try (TestHub hub = hub()) {
            jwks.body("{\"keys\": [ {\"kty\": ");
            int before = jwks.fetches();
            assertEquals(401, publish(hub, publisher("rsa-2", rsa.getPrivate(), Jwts.SIG.RS256)).status());
            assertEquals(before + 1, jwks.fetches());
            assertEquals(200, publish(hub, knownPublisher()).status());
        }
    }

    @Test
    void aSlowEndpointDelaysOnlyTheTokensWaitingForIt() throws Exception {
        try (TestHub hub = hub()) {
            jwks.hold();
            long start = System.nanoTime();
            CompletableFuture<HttpResult> waiting = CompletableFuture.supplyAsync(
                    () -> publish(hub, publisher("rsa-2", rsa.getPrivate(), Jwts.SIG.RS256)));
            Await.until("the hub fetches the set again", Duration.ofSeconds(5), () -> jwks.fetches() >= 2);
            // Meanwhile every loop answers: probes, publishes and subscriptions with known keys.
            for (int i = 0; i < 10; i++) {
                assertEquals(200, Http.get(hub.baseUrl() + "/healthz").status());
                assertEquals(200, publish(hub, knownPublisher()).status());
            }
            try (var sse = hub.subscriber().token(subscriber("rsa-1", rsa.getPrivate(), Jwts.SIG.RS256)).topics(TOPIC)
                    .open()) {
                assertEquals(200, sse.status());
            }
            assertFalse(waiting.isDone(), "the token with an unknown kid waits for the fetch");
            HttpResult late = waiting.get();
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(401, late.status());
            assertTrue(seconds >= 4 && seconds <= 8, "refused once the fetch timed out, after " + seconds + " s");
        }
    }

    @Test
    void aWebSocketWaitingForASlowEndpointHoldsOnlyAFewAuthCommands() {
        try (TestHub hub = hub();
             WsClient ws = WsClient.connect(hub, "topic=" + TOPIC, subscriber("rsa-1", rsa.getPrivate(), Jwts.SIG.RS256))) {
            ws.next("subscribed");
            jwks.hold();
            String unknownKid = subscriber("rsa-2", rsa.getPrivate(), Jwts.SIG.RS256);
            for (int i = 0; i < 50; i++) {
                ws.send(new JsonObject().put("type", "auth").put("ref", "a" + i).put("token", unknownKid));
            }
            // Answered at once, long before the fetch those before it wait for times out.
            JsonObject refused = ws.next("error");
            assertEquals("bad_request", refused.getString("code"), refused.encode());
            assertTrue(refused.getString("message").contains("waiting"), refused.encode());
        }
    }
}
