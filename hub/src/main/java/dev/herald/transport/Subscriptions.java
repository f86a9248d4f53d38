package dev.herald.transport;

import dev.herald.auth.Grants;
import dev.herald.broker.Broker;
import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.SelectorIndex;
import dev.herald.core.Subscriber;
import dev.herald.core.TopicSelector;
import dev.herald.history.Replay;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The subscribers of one event loop: registers them, hands them live updates from the broker,
 * replays history, sends heartbeats and closes those whose token expired.
 *
 * <p>Threading: confined to its event loop; the broker reaches it by running tasks on that loop.
 */
public final class Subscriptions {
    private static final Logger LOG = Logger.getLogger(Subscriptions.class.getName());
    private final SelectorIndex index = new SelectorIndex();
    private final WriteBatch writes = new WriteBatch();
    private final Map<Subscriber, Long> expiryTimers = new HashMap<>();
    private final Vertx vertx;
    private final Broker broker;
    private final int maxPendingUpdates;

    public Subscriptions(Vertx vertx, Context context, Broker broker, int maxPendingUpdates, Duration heartbeatInterval) {
        this.vertx = vertx;
        this.broker = broker;
        this.maxPendingUpdates = maxPendingUpdates;
        broker.onUpdates(context, this::dispatch);
        if (!heartbeatInterval.isZero()) {
            long idleNanos = heartbeatInterval.toNanos();
            // Sweeping at half the interval keeps every gap between interval and 1.5 x interval
            // without a timer per connection; last-write times differ, so heartbeats do not align.
            vertx.setPeriodic(Math.max(1, heartbeatInterval.toMillis() / 2), timer -> {
                long now = System.nanoTime();
                for (Subscriber subscriber : index.all()) {
                    subscriber.heartbeatIfIdle(now, idleNanos);
                }
            });
        }
    }

    /**
     * Registers a subscriber for live updates (buffered until {@link Subscriber#finishReplay}) and
     * reads the history it missed. The caller writes its response head, then finishes the replay.
     */
    public Future<Replay> open(Subscriber subscriber, String lastEventId, int replayLimit) {
        index.add(subscriber);
        subscriber.onClose(() -> remove(subscriber));
        scheduleExpiry(subscriber);
        return broker.log().readAfter(lastEventId, subscriber::wants, replayLimit);
    }

    /** Changes a live subscriber's selectors; updates appended from now on are matched against them. */
    public void changeSelectors(Subscriber subscriber, List<TopicSelector> selectors) {
        index.remove(subscriber);
        subscriber.replaceSelectors(selectors);
        index.add(subscriber);
    }

    /** Applies a refreshed token and, for a registered subscriber, moves its expiry ({@link #open} sets it otherwise). */
    public void changeGrants(Subscriber subscriber, Grants grants) {
        subscriber.replaceGrants(grants);
        if (index.contains(subscriber)) {
            scheduleExpiry(subscriber);
        }
    }

    private void scheduleExpiry(Subscriber subscriber) {
        Long previous = expiryTimers.remove(subscriber);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
        Instant expiresAt = subscriber.grants().expiresAt();
        if (expiresAt != null) {
            long delay = Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
            expiryTimers.put(subscriber, vertx.setTimer(delay, timer -> subscriber.close(CloseReason.TOKEN_EXPIRED)));
        }
    }

    /** Forgets a subscriber whose connection ended. Idempotent. */
    public void remove(Subscriber subscriber) {
        index.remove(subscriber);
        Long timer = expiryTimers.remove(subscriber);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** A new subscriber writing into {@code transport}; {@link #open} registers it. */
    public Subscriber newSubscriber(List<TopicSelector> selectors, Grants grants, Transport transport) {
        return new Subscriber(selectors, grants, transport, maxPendingUpdates);
    }

    public int size() {
        return index.size();
    }

    /** Closes every subscriber of this loop, e.g. on shutdown. */
    public void closeAll(CloseReason reason) {
        for (Subscriber subscriber : index.all()) {
            subscriber.close(reason);
        }
    }

    /** Coalesces the writes of {@code work} per connection, for transports that can merge them. */
    public WriteBatch writes() {
        return writes;
    }

    private void dispatch(List<EncodedUpdate> batch) {
        writes.run(() -> {
            for (EncodedUpdate update : batch) {
                index.forEachRecipient(update.update(), subscriber -> deliver(subscriber, update));
            }
        });
    }

    /** One subscriber's failure (a connection torn down mid-write) must never cost the others their update. */
    private static void deliver(Subscriber subscriber, EncodedUpdate update) {
        try {
            subscriber.deliver(update);
        } catch (RuntimeException failure) {
            LOG.log(Level.FINE, "closing a subscriber whose connection failed", failure);
            subscriber.close(CloseReason.CLIENT_CLOSED);
        }
    }
}
