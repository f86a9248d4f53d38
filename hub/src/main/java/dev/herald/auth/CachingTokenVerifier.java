package dev.herald.auth;

import dev.herald.core.Grants;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers tokens that verified, so a publisher sending the same token thousands of times a
 * second pays for the signature check once. The key is the whole token, signature included, so
 * only a byte-identical token hits; an entry is used only until the token's {@code exp}, after
 * which the token is verified again (and refused as expired).
 *
 * <p>Threading: safe from any event loop. The cache is bounded; when full it starts over, which
 * costs a few re-verifications and never serves a stale answer. {@link #clear} forgets every entry,
 * for when the keys changed (a key withdrawn from a JWKS must stop admitting its tokens).
 */
public final class CachingTokenVerifier implements TokenVerifier {
    /** Enough for every active publisher and many subscribers; each entry holds a token and its grants. */
    static final int MAX_ENTRIES = 10_000;

    private final TokenVerifier verifier;
    private final Clock clock;
    private final ConcurrentHashMap<String, Grants> verified = new ConcurrentHashMap<>();
    private final AtomicLong cleared = new AtomicLong();

    public CachingTokenVerifier(TokenVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public Future<Grants> verify(String token) {
        Grants grants = verified.get(token);
        if (grants != null && (grants.expiresAt() == null || clock.instant().isBefore(grants.expiresAt()))) {
            return Future.succeededFuture(grants);
        }
        long generation = cleared.get();
        return verifier.verify(token).onSuccess(checked -> {
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
            verified.put(token, checked);
            if (cleared.get() != generation) {
                // The keys changed while this token was checked, perhaps with a withdrawn one: not kept.
                verified.remove(token, checked);
            }
        });
    }

    /** Forgets every verified token: the next use of each is verified again. */
    public void clear() {
        cleared.incrementAndGet();
        verified.clear();
    }
}
