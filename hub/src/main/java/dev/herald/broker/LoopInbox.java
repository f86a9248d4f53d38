package dev.herald.broker;

import dev.herald.core.EncodedUpdate;
import io.vertx.core.Context;

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
 * An interruption travels in the same queue, so the listener learns of it between the updates
 * before it and those after it.
 *
 * <p>Threading: {@link #offer} and {@link #interrupt} may be called from any thread, by one caller
 * at a time; the listener runs on the loop.
 */
final class LoopInbox {
    static final int MAX_BATCH = 1_024;
    private static final Object INTERRUPTION = new Object();
    private final Context context;
    private final UpdateListener listener;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    LoopInbox(Context context, UpdateListener listener) {
        this.context = context;
        this.listener = listener;
    }

    /** Queues an update; callers offer in log order. */
    void offer(EncodedUpdate update) {
        enqueue(update);
    }

    /** Queues the news that updates may be missing from here on. */
    void interrupt() {
        enqueue(INTERRUPTION);
    }

    private void enqueue(Object item) {
        queue.add(item);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
    }

    private void drain() {
        // Reset first: an item offered from now on either lands in this batch or schedules the next.
        drainScheduled.set(false);
        List<EncodedUpdate> batch = new ArrayList<>();
        boolean interrupted = false;
        for (Object item; batch.size() < MAX_BATCH && (item = queue.peek()) != null; ) {
            if (item == INTERRUPTION) {
                // Handled after the updates before it, and before any that follow it.
                interrupted = true;
                queue.poll();
                break;
            }
            batch.add((EncodedUpdate) queue.poll());
        }
        if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
        if (!batch.isEmpty()) {
            listener.onUpdates(batch);
        }
        if (interrupted) {
            listener.onLogInterrupted();
        }
    }
}
