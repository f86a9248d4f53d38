package dev.herald.broker;

import dev.herald.core.EncodedUpdate;
import io.vertx.core.Context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands every update of the log to every registered event loop, in the order it is offered: the
 * one way updates reach subscribers, whichever broker read them.
 *
 * <p>Threading: one caller at a time offers (the broker's append lock, or its single reader);
 * loops may register from any thread.
 */
public final class LoopFanout {
    private final List<LoopInbox> inboxes = new CopyOnWriteArrayList<>();

    /** Delivers every update offered from now on to {@code listener}, on {@code context}. */
    public void register(Context context, UpdateListener listener) {
        inboxes.add(new LoopInbox(context, listener));
    }

    /** Queues {@code update} for every loop; callers offer in log order. */
    public void offer(EncodedUpdate update) {
        for (LoopInbox inbox : inboxes) {
            inbox.offer(update);
        }
    }

    /** Tells every loop, in order with the updates, that updates may be missing from here on. */
    public void interrupt() {
        for (LoopInbox inbox : inboxes) {
            inbox.interrupt();
        }
    }

    /** Forgets every loop: nothing more is delivered. */
    public void clear() {
        inboxes.clear();
    }
}
