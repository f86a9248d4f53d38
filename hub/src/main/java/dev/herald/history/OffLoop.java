package dev.herald.history;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;

/** Where a log does the work a subscriber chooses the cost of (selector matching): never on an event loop. */
public final class OffLoop {
    private OffLoop() {
    }

    /**
     * Runs {@code work} on a worker of the caller's Vert.x context and completes on that context;
     * called from a thread that is not Vert.x's, runs it right there.
     */
    public static <T> Future<T> run(Callable<T> work) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            try {
                return Future.succeededFuture(work.call());
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }
        return caller.executeBlocking(work, false);
    }
}
