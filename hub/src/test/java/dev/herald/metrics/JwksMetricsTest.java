package dev.herald.metrics;

import dev.herald.testing.JwksServer;
import dev.herald.testing.Pem;
import dev.herald.testing.TestHub;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code herald_jwks_fetches_total} counts every fetch of a JWK Set, by role and outcome. */
class JwksMetricsTest {

    @Test
    void fetchesAreCountedByRoleAndOutcome() {
        KeyPair rsa = Pem.rsa(2048);
        try (JwksServer jwks = JwksServer.start().keys(JwksServer.jwk(rsa.getPublic(), "k"));
             TestHub hub = TestHub.builder().args("--subscriber-jwks-url", jwks.url()).start()) {
            Exposition started = Scrape.of(hub);
            assertEquals(1, started.value("herald_jwks_fetches_total", "role", "subscriber", "outcome", "ok"));
            assertEquals(0, started.value("herald_jwks_fetches_total", "role", "subscriber", "outcome", "failed"));
            assertEquals(0, started.value("herald_jwks_fetches_total", "role", "publisher", "outcome", "ok"));

            jwks.body("not a set");
            var refused = hub.subscriber().token(JwksServer.token("unknown", rsa.getPrivate(),
                    Jwts.SIG.RS256, Map.of("subscribe", List.of("*")))).topics("https://example.com/a").open();
            assertEquals(401, refused.status());
            refused.close();
            Exposition after = Scrape.of(hub);
            assertEquals(1, after.value("herald_jwks_fetches_total", "role", "subscriber", "outcome", "failed"));
            assertEquals(1, after.value("herald_jwks_fetches_total", "role", "subscriber", "outcome", "ok"));
        }
    }
}
