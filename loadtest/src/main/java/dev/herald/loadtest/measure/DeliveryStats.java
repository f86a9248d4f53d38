package dev.herald.loadtest.measure;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters every subscriber of a run (or of one node's share of it) adds to, from any event
 * loop. A part's counts also go to the whole it was made from, so the run's totals stay exact.
 */
public final class DeliveryStats {

    public final LatencyRecorder latency = new LatencyRecorder();
    public final LongAdder deliveries = new LongAdder();
    /** Events whose body was not one of our payloads (or for a topic the subscriber did not ask for). */
    public final LongAdder foreign = new LongAdder();
    /** Subscriptions the server or the network ended while the run still wanted them. */
    public final LongAdder lostConnections = new LongAdder();
    private final DeliveryStats whole;
    private volatile String lastLossReason = "";

    public DeliveryStats() {
        this(null);
    }

    private DeliveryStats(DeliveryStats whole) {
        this.whole = whole;
    }

    /** Counters for a share of the subscribers that also count towards these. */
    public DeliveryStats part() {
        return new DeliveryStats(this);
    }

    public void delivered(long latencyMicros) {
        latency.record(latencyMicros);
        deliveries.increment();
        if (whole != null) {
            whole.delivered(latencyMicros);
        }
    }

    public void foreign() {
        foreign.increment();
        if (whole != null) {
            whole.foreign();
        }
    }

    public void lost(String reason) {
        lostConnections.increment();
        lastLossReason = reason;
        if (whole != null) {
            whole.lost(reason);
        }
    }

    public String lastLossReason() {
        return lastLossReason;
    }
}
