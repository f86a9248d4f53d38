package dev.herald.subscription;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerHealth;
import dev.herald.broker.UpdateListener;
import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.Grants;
import dev.herald.core.LogPosition;
import dev.herald.core.TopicSelector;
import dev.herald.history.ReplayStart;
import dev.herald.metrics.HubMetrics;
import dev.herald.metrics.TransportKind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The subscribers of one event loop: the one subscribe sequence every transport goes through, live
 * dispatch from the broker, heartbeats, and token expiry.
 *
 * <p>Threading: confined to its event loop; the broker reaches it by running tasks on that loop.
 */
public final class Subscriptions {
    /** Why a subscription is refused when the hub holds {@code max_hub_subscription_bytes} of selectors. */
    public static final String HUB_FULL =
            "the hub holds as many subscriptions as it may (max_hub_subscription_bytes); retry later";
    private final SelectorIndex index = new SelectorIndex();
    private final Map<Subscriber, Long> expiryTimers = new HashMap<>();
    private final List<Subscriber> toFlush = new ArrayList<>();
    /** The transports (at most one entry each) that the update being dispatched was written to live. */
    private final List<HubMetrics.TransportMeters> wroteLive = new ArrayList<>(TransportKind.values().length);
    private final Vertx vertx;
    private final Context context;
    private final Broker broker;
    private final SelectorBudget budget;
    private final int maxPendingUpdates;
    private final HubMetrics metrics;
    private final ActiveSubscriptions active;
    private LogPosition lastDispatched;

    /**
     * @param budget            the hub-wide bound on selector bytes, shared with every other loop
     * @param maxPendingUpdates how many live updates may wait for a replay to finish before the
     *                          subscriber counts as slow
     * @param heartbeatInterval idle time after which a subscriber gets a heartbeat; zero for none
     * @param metrics           where connections, deliveries and replays are counted
     * @param active            told of every subscription that starts or ends (Mercure's active subscriptions)
     */
    public Subscriptions(Vertx vertx, Context context, Broker broker, SelectorBudget budget, int maxPendingUpdates,
                         Duration heartbeatInterval, HubMetrics metrics, ActiveSubscriptions active) {
        this.metrics = metrics;
        this.active = active;
        this.vertx = vertx;
        this.context = context;
        this.broker = broker;
        this.budget = budget;
        this.maxPendingUpdates = maxPendingUpdates;
        broker.onUpdates(context, new UpdateListener() {
            @Override
            public void onUpdates(List<EncodedUpdate> batch) {
                dispatch(batch);
            }

            @Override
            public void onLogInterrupted() {
                logInterrupted();
            }
        });
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
     * The subscribe sequence, the same for every transport: register for live updates (buffered for
     * now), arm the token's expiry, locate where the replay starts, open the subscription through
     * {@code head}, replay history, then go live. If the broker is not ready, the hub already holds
     * as many selector bytes as it may, or history cannot be read, {@code head} refuses the
     * subscription and nothing stays registered.
     */
    public Subscriber subscribe(SubscribeRequest request, Transport transport, SubscriptionHead head) {
        HubMetrics.TransportMeters meters = metrics.transport(transport.kind());
        Subscriber subscriber = new Subscriber(request.selectors(), request.grants(), transport, meters,
                maxPendingUpdates);
        BrokerHealth health = broker.health();
        if (!health.up()) {
            // A clustered node that does not follow its log yet could not hand this subscriber
            // what comes between its replay and the node's first live update.
            head.refused("the hub is not ready (" + health.detail() + "); retry shortly");
            subscriber.close(CloseReason.SHUTTING_DOWN);
            return subscriber;
        }
        long bytes = SelectorBudget.bytes(request.selectors());
        if (!budget.tryTake(bytes)) {
            head.refused(HUB_FULL);
            subscriber.close(CloseReason.SHUTTING_DOWN);
            return subscriber;
        }
        subscriber.budgetBytes = bytes;
        index.add(subscriber);
        meters.connected();
        metrics.subscriptionsChanged(subscriber.selectors().size());
        active.started(subscriber, subscriber.selectors());
        subscriber.onClose(reason -> {
            remove(subscriber);
            active.ended(subscriber, subscriber.selectors());
            meters.disconnected(transport.endLabel(reason));
            metrics.subscriptionsChanged(-subscriber.selectors().size());
        });
        if (request.lastEventId() != null) {
            metrics.replayRequested();
        }
        transport.onEnded(() -> subscriber.close(CloseReason.CLIENT_CLOSED));
        scheduleExpiry(subscriber);
        Replay replay = new Replay(subscriber, transport, broker.log(), context, lastDispatched);
        broker.log().locate(request.lastEventId(), subscriber.currentRule()).onComplete(located -> {
            if (subscriber.isClosed()) {
                return;
            }
            if (located.failed()) {
                head.refused("history unavailable, retry shortly");
                subscriber.close(CloseReason.SHUTTING_DOWN);
                return;
            }
            ReplayStart start = located.result().visibleTo(subscriber.grants());
            try {
                head.accepted(start.anchorId());
            } catch (RuntimeException failure) {
                subscriber.failed(failure);
                return;
            }
            replay.start(start.after());
        });
        return subscriber;
    }

    /**
     * Changes a live subscriber's selectors; updates dispatched from now on are matched against
     * them. False, changing nothing, when the hub has no room for the bytes they add.
     */
    public boolean changeSelectors(Subscriber subscriber, List<TopicSelector> selectors) {
        if (subscriber.isClosed()) {
            return true;
        }
        long bytes = SelectorBudget.bytes(selectors);
        long added = bytes - subscriber.budgetBytes;
        if (added > 0 && !budget.tryTake(added)) {
            return false;
        }
        if (added < 0) {
            budget.give(-added);
        }
        subscriber.budgetBytes = bytes;
        index.remove(subscriber);
        metrics.subscriptionsChanged(selectors.size() - subscriber.selectors().size());
        List<TopicSelector> before = subscriber.selectors();
        subscriber.replaceSelectors(selectors);
        index.add(subscriber);
        active.changed(subscriber, before, subscriber.selectors());
        return true;
    }

    /** Whether the hub has room now for a subscription to {@code selectors} (checked before a WebSocket upgrade). */
    public boolean hasRoomFor(List<TopicSelector> selectors) {
        return budget.hasRoomFor(SelectorBudget.bytes(selectors));
    }

    /** Applies a refreshed token and moves the subscriber's expiry with it. */
    public void changeGrants(Subscriber subscriber, Grants grants) {
        subscriber.replaceGrants(grants);
        scheduleExpiry(subscriber);
    }

    private void scheduleExpiry(Subscriber subscriber) {
        Long previous = expiryTimers.remove(subscriber);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
        Instant expiresAt = subscriber.grants().expiresAt();
        if (expiresAt != null && !subscriber.isClosed()) {
            long delay = Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
            expiryTimers.put(subscriber, vertx.setTimer(delay, timer -> subscriber.close(CloseReason.TOKEN_EXPIRED)));
        }
    }

    /** Forgets a subscriber whose connection ended. Idempotent. */
    private void remove(Subscriber subscriber) {
        index.remove(subscriber);
        budget.give(subscriber.budgetBytes);
        subscriber.budgetBytes = 0;
        Long timer = expiryTimers.remove(subscriber);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
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

    /**
     * Ends every subscriber of this loop for a drain, with {@link CloseReason#RESTARTING}: long-polls
     * answer at once, streams end each at a random moment within {@code window}, so their clients
     * do not all reconnect to the other nodes in the same instant. Until then they stay live.
     */
    public void drain(Duration window) {
        for (Subscriber subscriber : index.all()) {
            long delay = subscriber.answersOnce() ? 0 : ThreadLocalRandom.current().nextLong(window.toMillis() + 1);
            if (delay == 0) {
                subscriber.close(CloseReason.RESTARTING);
            } else {
                vertx.setTimer(delay, timer -> subscriber.close(CloseReason.RESTARTING));
            }
        }
    }

    /**
     * Updates may be missing between what this loop dispatched and what comes next (the log
     * restarted, or this node fell behind it): every subscriber is closed with
     * {@link CloseReason#HISTORY_LOST} and reconnects from its last event id, instead of silently
     * missing updates. Replays that started before are compared with nothing stale.
     */
    private void logInterrupted() {
        lastDispatched = null;
        closeAll(CloseReason.HISTORY_LOST);
    }

    /** Writes a batch to every recipient, then flushes each touched connection once. */
    private void dispatch(List<EncodedUpdate> batch) {
        for (EncodedUpdate update : batch) {
            index.forEachRecipient(update, subscriber -> {
                if (deliver(subscriber, update)) {
                    toFlush.add(subscriber);
                }
                // Has it now only if written live: a subscriber still replaying holds it back.
                if (subscriber.alreadyHas(update) && !wroteLive.contains(subscriber.meters())) {
                    wroteLive.add(subscriber.meters());
                }
            });
            recordFanOut(update);
            lastDispatched = update.position();
        }
        for (Subscriber subscriber : toFlush) {
            try {
                subscriber.flush();
            } catch (RuntimeException failure) {
                subscriber.failed(failure);
            }
        }
        toFlush.clear();
    }

    /** The update's latency on this loop, once per transport it was written to: up to its last write. */
    private void recordFanOut(EncodedUpdate update) {
        if (wroteLive.isEmpty()) {
            return;
        }
        long latencyNanos = System.nanoTime() - update.heldSinceNanos();
        for (HubMetrics.TransportMeters meters : wroteLive) {
            meters.fannedOut(latencyNanos);
        }
        wroteLive.clear();
    }

    /** One subscriber's failure (a connection torn down mid-write) must never cost the others their update. */
    private static boolean deliver(Subscriber subscriber, EncodedUpdate update) {
        try {
            return subscriber.deliver(update);
        } catch (RuntimeException failure) {
            subscriber.failed(failure);
            return false;
        }
    }
}
