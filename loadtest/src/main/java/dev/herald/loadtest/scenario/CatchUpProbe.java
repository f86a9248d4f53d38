package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.DeliveryStats;
import dev.herald.loadtest.measure.Payload;
import dev.herald.loadtest.measure.PublishLedger;
import dev.herald.loadtest.measure.SequenceTracker;
import dev.herald.loadtest.measure.SubscriberProbe;
import java.util.Map;

/**
 * A resuming subscriber that notes how long it took to hold every event of the backlog it had
 * missed: each sequence of each stream from its start point to the end of the history, not
 * merely as many events as it missed.
 */
final class CatchUpProbe extends SubscriberProbe {

    private final long connectStartNanos = System.nanoTime();
    private volatile long caughtUpNanos = -1;

    /**
     * @param expectedStart per stream, the first sequence after the resume point
     * @param lastOfBacklog per stream, the last sequence published before the subscriber connected
     */
    CatchUpProbe(int node, int[] topics, PublishLedger ledger, Payload payload, DeliveryStats stats,
            Map<Integer, Long> expectedStart, Map<Integer, Long> lastOfBacklog) {
        super(node, topics, payload, stats, new SequenceTracker(topics, ledger, expectedStart));
        catchUpThrough(lastOfBacklog);
    }

    @Override
    protected void onDelivered(byte[] id, int idFrom, int idTo, Payload.Fields delivered) {
        if (caughtUpNanos < 0 && holdsBacklog()) {
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
