package dev.herald.broker;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.UpdateDraft;
import dev.herald.core.UpdateTooLargeException;
import dev.herald.history.EventLog;
import dev.herald.history.InMemoryEventLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The single-process broker: appends to the in-memory log and hands each update to every event
 * loop's listener.
 *
 * <p>Ordering: the append and the hand-off to every loop happen under one lock, so each loop's
 * inbox receives updates in log order even when several loops publish at once.
 */
public final class LocalBroker implements Broker {
    private final InMemoryEventLog log;
    private final List<LoopInbox> inboxes = new CopyOnWriteArrayList<>();
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
            for (LoopInbox inbox : inboxes) {
                inbox.offer(update);
            }
            return Future.succeededFuture(update);
        }
    }

    @Override
    public void onUpdates(Context context, Handler<List<EncodedUpdate>> listener) {
        synchronized (appendLock) {
            inboxes.add(new LoopInbox(context, listener));
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
        inboxes.clear();
        return Future.succeededFuture();
    }
}
