package dev.herald.broker;

import dev.herald.core.EncodedUpdate;
import io.vertx.core.Context;
import io.vertx.core.Handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands updates to one event loop in batches: everything that arrived since the loop last ran the
 * listener is delivered in one call, in arrival order. At low rates a batch holds one update; when
 * the loop falls behind, batches grow, and transports can coalesce their writes (one flush per
 * connection per batch instead of one per update). A batch holds at most {@link #MAX_BATCH}
 * updates, so what a transport collects for one flush stays bounded; the rest follows in the next turn.
 *
 * <p>Threading: {@link #offer} may be called from any thread; the listener runs on the loop.
 */
final class LoopInbox {
    static final int MAX_BATCH = 1_024;
    private final Context context;
    private final Handler<List<EncodedUpdate>> listener;
    private final Queue<EncodedUpdate> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    LoopInbox(Context context, Handler<List<EncodedUpdate>> listener) {
        this.context = context;
        this.listener = listener;
    }

    /** Queues an update; callers offer in log order (the broker holds its append lock). */
    void offer(EncodedUpdate update) {
        queue.add(update);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
    }

    private void drain() {
        // Reset first: an update offered from now on either lands in this batch or schedules the next.
        drainScheduled.set(false);
        List<EncodedUpdate> batch = new ArrayList<>();
        for (EncodedUpdate update; batch.size() < MAX_BATCH && (update = queue.poll()) != null; ) {
            batch.add(update);
        }
        if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
        if (!batch.isEmpty()) {
            listener.handle(batch);
        }
    }
}
