package dev.herald.subscription;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.Grants;
import dev.herald.core.LogPosition;
import dev.herald.core.Matching;
import dev.herald.core.TopicSelector;
import dev.herald.core.Update;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection, whatever its transport: what it asks for, what it may see, and the
 * hand-off from history replay to live delivery.
 *
 * <p>Ordering: updates reach the transport in log order, each at most once, because
 * {@link #lastPosition} only grows and anything at or below it is dropped. An update from another
 * epoch of the log means the log restarted under the subscriber: it is closed with
 * {@link CloseReason#HISTORY_LOST} rather than silently skipping or repeating updates.
 *
 * <p>Replay-to-live: the subscriber is registered for live updates <em>before</em> history is read;
 * live updates arriving meanwhile are buffered, and once the replay is written the buffer is
 * drained, skipping what the replay already covered. No gap, no duplicate.
 *
 * <p>Threading: confined to the event loop of its connection.
 */
public final class Subscriber {
    private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());
    private List<TopicSelector> selectors;
    private Grants grants;
    private final Transport transport;
    private final int maxPendingUpdates;
    private ArrayDeque<EncodedUpdate> pendingWhileReplaying = new ArrayDeque<>();
    private LogPosition lastPosition;
    private long lastWriteNanos = System.nanoTime();
    private boolean unflushed;
    private volatile boolean closed; // read by history matching on worker threads
    private Runnable onClose = () -> { };
    /** The selector bytes this subscriber holds of the hub's {@link SelectorBudget}; kept by its registry. */
    long budgetBytes;

    /**
     * @param maxPendingUpdates how many live updates may wait while history is replayed before
     *                          the subscriber counts as slow
     */
    Subscriber(List<TopicSelector> selectors, Grants grants, Transport transport, int maxPendingUpdates) {
        this.selectors = List.copyOf(selectors);
        this.grants = grants;
        this.transport = transport;
        this.maxPendingUpdates = maxPendingUpdates;
    }

    public List<TopicSelector> selectors() {
        return selectors;
    }

    public Grants grants() {
        return grants;
    }

    /** Changes what the subscriber listens to; only its registry calls this, with it out of the index. */
    void replaceSelectors(List<TopicSelector> newSelectors) {
        selectors = List.copyOf(newSelectors);
    }

    /** Applies a refreshed token; later updates are checked against it. */
    void replaceGrants(Grants newGrants) {
        grants = newGrants;
    }

    /**
     * Mercure's dispatch rule for history, with the selectors and grants of now, for matching on a
     * worker thread: later changes do not reach it. Once the subscriber is closed it wants nothing,
     * so a page read for a connection that went away stops costing at once.
     */
    Predicate<Update> currentRule() {
        List<TopicSelector> selectorsNow = selectors;
        Grants grantsNow = grants;
        return update -> !closed
                && wants(selectorsNow, grantsNow, update, selector -> Matching.matchesAny(selector, update.topics()));
    }

    /**
     * The same rule for live dispatch, with the selector test supplied by {@link SelectorIndex},
     * which answers it from what it already matched for this update, so a pattern shared by many
     * subscribers is matched once.
     */
    boolean wants(Update update, Predicate<TopicSelector> selectorMatches) {
        return wants(selectors, grants, update, selectorMatches);
    }

    /**
     * Mercure's dispatch rule, the only one Herald applies, to replayed and live updates alike: one
     * of the update's topics matches one of the subscriber's selectors, and the update is public or
     * one of its topics is granted by the token.
     */
    private static boolean wants(List<TopicSelector> selectors, Grants grants, Update update,
                                 Predicate<TopicSelector> selectorMatches) {
        for (TopicSelector selector : selectors) {
            if (selectorMatches.test(selector)) {
                return grants.mayReceive(update);
            }
        }
        return false;
    }

    /** True when the subscriber already has {@code update} (or a later one): no need to match it again. */
    boolean alreadyHas(EncodedUpdate update) {
        LogPosition last = lastPosition;
        return last != null && last.sameEpoch(update.position()) && update.position().sequence() <= last.sequence();
    }

    /**
     * Hands over a live update; buffered while history is still being replayed.
     *
     * @return true when this is the first write since the last {@link #flush}: the caller must flush
     */
    boolean deliver(EncodedUpdate update) {
        if (closed) {
            return false;
        }
        if (pendingWhileReplaying != null) {
            if (pendingWhileReplaying.size() >= maxPendingUpdates) {
                close(CloseReason.SLOW_CONSUMER);
                return false;
            }
            pendingWhileReplaying.add(update);
            return false;
        }
        return send(update);
    }

    /** Writes one replayed update (the replay reads only what {@link #wants} accepts, in log order). */
    void replay(EncodedUpdate update) {
        lastPosition = update.position();
        write(update);
    }

    /**
     * Ends the replay: the log was read up to {@code scannedUpTo}; the live updates that arrived
     * meanwhile are written, minus those the replay covered, and the subscriber goes live.
     */
    void goLive(LogPosition scannedUpTo) {
        if (lastPosition == null || scannedUpTo.isAfter(lastPosition)) {
            lastPosition = scannedUpTo;
        }
        ArrayDeque<EncodedUpdate> pending = pendingWhileReplaying;
        pendingWhileReplaying = null;
        for (EncodedUpdate update : pending) {
            send(update);
        }
        flush();
    }

    /**
     * Sends what was written since the last flush. A connection whose queue is then past its bound
     * cannot keep up: it is closed as a slow consumer, and catches up from history when it reconnects.
     */
    void flush() {
        unflushed = false;
        if (closed) {
            return;
        }
        transport.flush();
        if (!closed && !transport.writable()) {
            close(CloseReason.SLOW_CONSUMER);
        }
    }

    /** Sends a heartbeat if nothing was written for {@code idleNanos}. */
    void heartbeatIfIdle(long nowNanos, long idleNanos) {
        if (!closed && nowNanos - lastWriteNanos >= idleNanos) {
            lastWriteNanos = nowNanos;
            transport.heartbeat();
        }
    }

    /** Runs {@code action} once when the subscriber closes, whatever the reason. */
    void onClose(Runnable action) {
        this.onClose = action;
    }

    /**
     * Closes a subscriber whose connection failed under a write (torn down by the peer mid-write):
     * the failure ends this connection only, never the dispatch or replay that hit it.
     */
    void failed(RuntimeException failure) {
        LOG.log(Level.FINE, "closing a subscriber whose connection failed", failure);
        close(CloseReason.CLIENT_CLOSED);
    }

    public void close(CloseReason reason) {
        if (!closed) {
            closed = true;
            transport.close(reason);
            onClose.run();
        }
    }

    /** Whether its transport ends with its first answer (see {@link Transport#answersOnce}). */
    boolean answersOnce() {
        return transport.answersOnce();
    }

    public boolean isClosed() {
        return closed;
    }

    private boolean send(EncodedUpdate update) {
        if (closed || alreadyHas(update)) {
            return false;
        }
        if (lastPosition != null && !lastPosition.sameEpoch(update.position())) {
            close(CloseReason.HISTORY_LOST);
            return false;
        }
        lastPosition = update.position();
        write(update);
        boolean firstSinceFlush = !unflushed;
        unflushed = true;
        return firstSinceFlush;
    }

    private void write(EncodedUpdate update) {
        lastWriteNanos = System.nanoTime();
        transport.write(update);
    }
}
