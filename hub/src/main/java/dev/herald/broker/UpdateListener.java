package dev.herald.broker;

import dev.herald.core.EncodedUpdate;

import java.util.List;

/** What an event loop is told by its broker, on that loop, in log order. */
public interface UpdateListener {

    /** The next updates of the log, each exactly once, in log order. */
    void onUpdates(List<EncodedUpdate> batch);

    /**
     * The node lost its place in the log: the log restarted (a new epoch) or moved past what the
     * node had read. Updates may be missing between the last batch and the next one, so no
     * subscriber may carry on as if nothing happened.
     */
    void onLogInterrupted();
}
