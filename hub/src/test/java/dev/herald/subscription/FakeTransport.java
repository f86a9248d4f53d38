package dev.herald.subscription;

import dev.herald.core.CloseReason;
import dev.herald.core.EncodedUpdate;
import dev.herald.metrics.TransportKind;
import io.vertx.core.Context;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transport for forcing what real sockets do only by chance: a connection that throws on every
 * write (torn down mid-write), or one that takes a fixed number of updates before its queue is full
 * and then drains on the next turn of its loop. Like Vert.x's raw drain handler, the one it is given
 * stays installed and may run again on later drains.
 */
final class FakeTransport implements Transport {
    final List<Long> written = new CopyOnWriteArrayList<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private CompletableFuture<Void> waiter;
    private int waitingFor;
    private final Context context;
    private final boolean broken;
    private final int updatesPerDrain;
    private int sinceDrain;
    private Runnable drainHandler;

    private FakeTransport(Context context, boolean broken, int updatesPerDrain) {
        this.context = context;
        this.broken = broken;
        this.updatesPerDrain = updatesPerDrain;
    }

    /** Every write throws, as Vert.x does on a socket the peer just closed. */
    static FakeTransport broken() {
        return new FakeTransport(null, true, Integer.MAX_VALUE);
    }

    /** Takes everything at once. */
    static FakeTransport healthy() {
        return new FakeTransport(null, false, Integer.MAX_VALUE);
    }

    /** Full after {@code updatesPerDrain} updates; drains on the next turn of {@code context}. */
    static FakeTransport slow(Context context, int updatesPerDrain) {
        return new FakeTransport(context, false, updatesPerDrain);
    }

    /** Completes once {@code count} updates were written in all. */
    synchronized CompletableFuture<Void> written(int count) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (written.size() >= count) {
            future.complete(null);
        } else {
            waiter = future;
            waitingFor = count;
        }
        return future;
    }

    /** Runs the installed drain handler, as a socket whose queue emptied would. */
    void drain() {
        sinceDrain = 0;
        if (drainHandler != null) {
            drainHandler.run();
        }
    }

    @Override
    public TransportKind kind() {
        return TransportKind.SSE;
    }

    @Override
    public int write(EncodedUpdate update) {
        if (broken) {
            throw new IllegalStateException("WebSocket is closed");
        }
        sinceDrain++;
        synchronized (this) {
            written.add(update.position().sequence());
            if (waiter != null && written.size() >= waitingFor) {
                waiter.complete(null);
            }
        }
        return update.json().length;
    }

    @Override
    public void flush() {
        if (!writable() && context != null) {
            // The socket empties its queue later, and its drain handler runs twice (two drains).
            context.runOnContext(ignored -> {
                drain();
                drain();
            });
        }
    }

    @Override
    public void heartbeat() {
    }

    @Override
    public void close(CloseReason reason) {
        closed.complete(reason);
    }

    @Override
    public boolean writable() {
        return sinceDrain < updatesPerDrain;
    }

    @Override
    public void whenWritable(Runnable action) {
        drainHandler = action;
    }

    @Override
    public void onEnded(Runnable action) {
    }
}
