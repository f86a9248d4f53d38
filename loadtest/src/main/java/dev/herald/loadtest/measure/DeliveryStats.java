package dev.herald.loadtest.measure;

import java.util.concurrent.atomic.LongAdder;

/** Counters every subscriber of a run adds to, from any event loop. */
public final class DeliveryStats {

    public final LatencyRecorder latency = new LatencyRecorder();
    public final LongAdder deliveries = new LongAdder();
    /** Events whose body was not one of our payloads (or for a topic the subscriber did not ask for). */
    public final LongAdder foreign = new LongAdder();
    /** Subscriptions the server or the network ended while the run still wanted them. */
    public final LongAdder lostConnections = new LongAdder();
    private volatile String lastLossReason = "";

    public void lost(String reason) {
        lostConnections.increment();
        lastLossReason = reason;
    }

    public String lastLossReason() {
        return lastLossReason;
    }
}
