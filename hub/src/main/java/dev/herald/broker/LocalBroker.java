package dev.herald.broker;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.UpdateDraft;
import dev.herald.core.UpdateTooLargeException;
import dev.herald.history.EventLog;
import dev.herald.history.InMemoryEventLog;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * The single-process broker: appends to the in-memory log and hands each update to every event
 * loop's listener.
 *
 * <p>Ordering: the append and the hand-off to every loop happen under one lock, so each loop's
 * inbox receives updates in log order even when several loops publish at once. The log never
 * restarts under a running process, so listeners are never interrupted.
 */
public final class LocalBroker implements Broker {
    private final InMemoryEventLog log;
    private final LoopFanout fanout = new LoopFanout();
    private final Object appendLock = new Object();
    private volatile boolean closed;

    public LocalBroker(InMemoryEventLog log) {
        this.log = log;
    }

    @Override
    public Future<EncodedUpdate> publish(UpdateDraft draft) {
        if (closed) {
            return Future.failedFuture("the broker is closed");
        }
        synchronized (appendLock) {
            EncodedUpdate update;
            try {
                update = log.append(draft);
            } catch (UpdateTooLargeException refused) {
                return Future.failedFuture(refused);
            }
            fanout.offer(update);
            return Future.succeededFuture(update);
        }
    }

    @Override
    public void onUpdates(Context context, UpdateListener listener) {
        synchronized (appendLock) {
            fanout.register(context, listener);
        }
    }

    @Override
    public EventLog log() {
        return log;
    }

    @Override
    public BrokerHealth health() {
        return closed ? BrokerHealth.down("closed") : BrokerHealth.up("in-memory");
    }

    @Override
    public Future<Void> close() {
        closed = true;
        fanout.clear();
        return Future.succeededFuture();
    }
}
