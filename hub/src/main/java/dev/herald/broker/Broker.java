package dev.herald.broker;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.UpdateDraft;
import dev.herald.history.EventLog;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * How an accepted publish becomes visible to every subscriber, on this node and (for clustered
 * brokers) on the others.
 *
 * <p>Durability: {@link #publish} completes only once the {@link #log()} has placed the update
 * (its position and, when the publisher chose none, its id); if it fails, the update is nowhere
 * and the publisher must get an error.
 *
 * <p>Ordering: each listener receives every update exactly once, in log order, on the context it
 * registered with, in batches (a batch holds what arrived since the listener last ran; at low
 * rates, one update). A listener that registers after an update was appended does not receive it;
 * it reads it from the log instead.
 *
 * <p>Threading: {@link #publish} may be called from any event loop.
 */
public interface Broker {

    /**
     * Has the log place {@code draft}, then hands the placed update to every listener. Fails with
     * {@link dev.herald.core.UpdateTooLargeException} when the update alone exceeds what the history
     * may hold; with another exception when it could not be stored.
     */
    Future<EncodedUpdate> publish(UpdateDraft draft);

    /**
     * Delivers every later update to {@code listener}, in batches, running on {@code context}, and
     * tells it when updates may have been missed (the log restarted, or this node fell behind it).
     */
    void onUpdates(Context context, UpdateListener listener);

    /** The history this broker appends to. */
    EventLog log();

    /** Whether the broker can accept publishes now, and why not; cheap enough for a health probe. */
    BrokerHealth health();

    /** Stops delivering and releases what the broker holds (connections, timers). */
    Future<Void> close();
}
