package dev.herald.auth;

import dev.herald.core.Grants;
import dev.herald.testing.TestHub;
import dev.herald.testing.Tokens;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verified-token cache never lets through what the verifier would refuse. */
class CachingTokenVerifierTest {
    private final Tokens tokens = Tokens.hmac(TestHub.KEY);

    private static TokenVerifier real() {
        KeySource.VerificationKey key = KeySource.read("publisher_jwt_key", TestHub.KEY);
        return TokenVerifier.of(new JwtTokenVerifier(key.key(), key.algorithms()));
    }

    /** The answer of a verifier whose key is at hand: given at once, never later. */
    private static Grants verify(TokenVerifier verifier, String token) throws InvalidTokenException {
        Future<Grants> answer = verifier.verify(token);
        assertTrue(answer.isComplete(), "a token whose key is at hand is answered at once");
        if (answer.failed()) {
            throw (InvalidTokenException) answer.cause();
        }
        return answer.result();
    }

    @Test
    void aVerifiedTokenIsServedFromTheCache() throws Exception {
        CachingTokenVerifier cache = new CachingTokenVerifier(real(), Clock.systemUTC());
        String token = tokens.publisher("*");
        Grants first = verify(cache, token);
        assertSame(first, verify(cache, token));
        assertEquals(1, first.publish().size());
    }

    @Test
    void clearingForgetsEveryVerifiedToken() throws Exception {
        CachingTokenVerifier cache = new CachingTokenVerifier(real(), Clock.systemUTC());
        String token = tokens.publisher("*");
        Grants first = verify(cache, token);
        cache.clear();
        Grants again = verify(cache, token);
        assertNotSame(first, again);
        assertEquals(first, again);
    }

    @Test
    void aTamperedCopyOfACachedTokenIsRefused() throws Exception {
        CachingTokenVerifier cache = new CachingTokenVerifier(real(), Clock.systemUTC());
        String token = tokens.publisher("https://example.com/a");
        verify(cache, token);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertThrows(InvalidTokenException.class, () -> verify(cache, tampered));
        assertThrows(InvalidTokenException.class, () -> verify(cache, Tokens.wrongKey().publisher("*")));
    }

    @Test
    void aCachedTokenIsVerifiedAgainOnceItsExpiryHasPassed() throws Exception {
        Instant expiry = Instant.now().plusSeconds(3600);
        String token = tokens.subscriber(List.of("a"), null, expiry);
        MutableClock clock = new MutableClock(Instant.now());
        CachingTokenVerifier cache = new CachingTokenVerifier(real(), clock);
        Grants first = verify(cache, token);
        assertSame(first, verify(cache, token));
        clock.now = expiry.plusSeconds(1);
        // Past exp by the cache's clock: not served from the cache, verified afresh.
        Grants again = verify(cache, token);
        assertNotSame(first, again);
        assertEquals(first, again);
        assertThrows(InvalidTokenException.class, () -> verify(cache, tokens.expiredSubscriber("a")));
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
