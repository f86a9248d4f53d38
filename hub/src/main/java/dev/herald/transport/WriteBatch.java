package dev.herald.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Coalesces writes on one event loop: while a batch is open, transports that can merge writes
 * collect their bytes and register here; closing the batch flushes each of them once. A connection
 * that receives five updates in one batch then costs one write and one system call, not five.
 *
 * <p>Threading: confined to its event loop.
 */
public final class WriteBatch {
    /** A transport holding bytes that must be written when the batch closes. */
    public interface Deferred {
        void flush();
    }

    private final List<Deferred> deferred = new ArrayList<>();
    private boolean open;

    /** True while writes should be collected rather than sent at once. */
    public boolean isOpen() {
        return open;
    }

    /** Registers a transport to flush when the batch closes. */
    public void defer(Deferred transport) {
        deferred.add(transport);
    }

    /** Runs {@code work} inside a batch (or inside the one already open), then flushes. */
    public void run(Runnable work) {
        if (open) {
            work.run();
            return;
        }
        open = true;
        try {
            work.run();
        } finally {
            open = false;
            for (int i = 0; i < deferred.size(); i++) {
                deferred.get(i).flush();
            }
            deferred.clear();
        }
    }
}
