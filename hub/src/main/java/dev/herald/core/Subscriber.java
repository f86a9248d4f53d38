package dev.herald.core;

import dev.herald.auth.Grants;
import dev.herald.history.Replay;
import dev.herald.transport.Transport;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One client connection, whatever its transport: what it asks for, what it may see, and the
 * hand-off from history replay to live delivery.
 *
 * <p>Ordering: updates reach the transport in log order, each at most once, because
 * {@link #lastSequence} only grows and anything at or below it is dropped.
 *
 * <p>Replay-to-live: the subscriber is registered for live updates <em>before</em> history is read;
 * live updates arriving meanwhile are buffered, and once the replay is written the buffer is drained,
 * skipping what the replay already covered. No gap, no duplicate.
 *
 * <p>Threading: confined to the event loop of its connection.
 */
public final class Subscriber {
    private List<TopicSelector> selectors;
    private Grants grants;
    private final Transport transport;
    private final int maxPendingUpdates;
    private ArrayDeque<EncodedUpdate> pendingWhileReplaying = new ArrayDeque<>();
    private ArrayDeque<EncodedUpdate> replaying;
    private long replayScannedUpTo;
    private long lastSequence;
    private long lastWriteNanos = System.nanoTime();
    private boolean closed;
    private Runnable onClose = () -> { };

    /**
     * @param maxPendingUpdates how many live updates may wait while history is replayed before
     *                          the subscriber counts as slow
     */
    public Subscriber(List<TopicSelector> selectors, Grants grants, Transport transport, int maxPendingUpdates) {
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

    /**
     * Changes what the subscriber listens to (WebSocket subscribe/unsubscribe). Only its
     * {@code Subscriptions} may call this, with the subscriber out of the index meanwhile.
     */
    public void replaceSelectors(List<TopicSelector> newSelectors) {
        selectors = List.copyOf(newSelectors);
    }

    /** Applies a refreshed token (WebSocket {@code auth}); later updates are checked against it. */
    public void replaceGrants(Grants newGrants) {
        grants = newGrants;
    }

    /**
     * Mercure's dispatch rule: one of the update's topics matches one of the subscriber's
     * selectors, and the update is public or one of its topics is granted by the token.
     */
    public boolean wants(Update update) {
        return Matching.anyMatch(selectors, update.topics()) && grants.mayReceive(update);
    }

    /** Hands over a live update; buffered while history is still being replayed. */
    public void deliver(EncodedUpdate update) {
        if (closed) {
            return;
        }
        if (pendingWhileReplaying != null) {
            if (pendingWhileReplaying.size() >= maxPendingUpdates) {
                close(CloseReason.SLOW_CONSUMER);
                return;
            }
            pendingWhileReplaying.add(update);
            return;
        }
        send(update);
    }

    /**
     * Writes the replayed history, paced by the transport's writability so a long replay never
     * floods the outbound queue, then the live updates that arrived meanwhile, and goes live.
     */
    public void finishReplay(Replay replay) {
        replaying = new ArrayDeque<>(replay.updates());
        replayScannedUpTo = replay.scannedUpTo();
        pumpReplay();
    }

    private void pumpReplay() {
        while (!closed && !replaying.isEmpty()) {
            if (!transport.writable()) {
                transport.whenWritable(this::pumpReplay);
                return;
            }
            EncodedUpdate update = replaying.poll();
            lastSequence = update.sequence();
            write(update);
        }
        if (closed) {
            return;
        }
        lastSequence = Math.max(lastSequence, replayScannedUpTo);
        replaying = null;
        ArrayDeque<EncodedUpdate> pending = pendingWhileReplaying;
        pendingWhileReplaying = null;
        for (EncodedUpdate update : pending) {
            send(update);
        }
    }

    /** Sends a heartbeat if nothing was written for {@code idleNanos}. */
    public void heartbeatIfIdle(long nowNanos, long idleNanos) {
        if (!closed && nowNanos - lastWriteNanos >= idleNanos) {
            lastWriteNanos = nowNanos;
            transport.heartbeat();
        }
    }

    /** Runs {@code action} once when the subscriber closes, whatever the reason. */
    public void onClose(Runnable action) {
        this.onClose = action;
    }

    public void close(CloseReason reason) {
        if (!closed) {
            closed = true;
            transport.close(reason);
            onClose.run();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private void send(EncodedUpdate update) {
        if (closed || update.sequence() <= lastSequence) {
            return;
        }
        lastSequence = update.sequence();
        write(update);
        if (!transport.writable()) {
            close(CloseReason.SLOW_CONSUMER);
        }
    }

    private void write(EncodedUpdate update) {
        lastWriteNanos = System.nanoTime();
        transport.write(update);
    }
}
