package dev.herald.broker;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.Update;
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
 * <p>Ordering: the append and the hand-off to every loop happen under one lock, so each loop's task
 * queue receives updates in sequence order even when several loops publish at once.
 */
public final class LocalBroker implements Broker {
    private final InMemoryEventLog log;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object appendLock = new Object();

    private record Listener(Context context, Handler<EncodedUpdate> handler) {
    }

    public LocalBroker(InMemoryEventLog log) {
        this.log = log;
    }

    @Override
    public Future<EncodedUpdate> publish(Update draft) {
        synchronized (appendLock) {
            EncodedUpdate update = log.append(draft);
            for (Listener listener : listeners) {
                listener.context().runOnContext(ignored -> listener.handler().handle(update));
            }
            return Future.succeededFuture(update);
        }
    }

    @Override
    public void onUpdate(Context context, Handler<EncodedUpdate> listener) {
        synchronized (appendLock) {
            listeners.add(new Listener(context, listener));
        }
    }

    @Override
    public EventLog log() {
        return log;
    }
}
