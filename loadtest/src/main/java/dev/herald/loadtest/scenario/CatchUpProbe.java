package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.DeliveryStats;
import dev.herald.loadtest.measure.Payload;
import dev.herald.loadtest.measure.PublishLedger;
import dev.herald.loadtest.measure.SequenceTracker;
import dev.herald.loadtest.measure.SubscriberProbe;
import java.util.Map;

/** A resuming subscriber that notes how long it took to receive the events it had missed. */
final class CatchUpProbe extends SubscriberProbe {

    private final long missedEvents;
    private final long connectStartNanos = System.nanoTime();
    private volatile long caughtUpNanos = -1;
    private long count;

    CatchUpProbe(int node, int[] topics, PublishLedger ledger, DeliveryStats stats, Map<Integer, Long> expectedStart,
            long missedEvents) {
        super(node, topics, ledger, stats, new SequenceTracker(topics, ledger, expectedStart));
        this.missedEvents = missedEvents;
    }

    @Override
    protected void onDelivered(String id, Payload.Fields delivered) {
        if (++count == missedEvents) {
            caughtUpNanos = System.nanoTime();
        }
    }

    boolean caughtUp() {
        return caughtUpNanos >= 0;
    }

    /** Microseconds from starting to connect to holding every missed event; -1 if not yet. */
    long catchUpMicros() {
        long at = caughtUpNanos;
        return at < 0 ? -1 : (at - connectStartNanos) / 1000;
    }

    long caughtUpNanos() {
        return caughtUpNanos;
    }
}
