package dev.herald.loadtest.measure;

import dev.herald.loadtest.target.EventSink;
import java.util.Map;

/**
 * What one subscriber does with each event: check the payload is one the run published on
 * the subscriber's topics, check its sequence, and count it (with its latency) only when it is
 * a first arrival. Reads the event's bytes in place and allocates nothing per event. Events of
 * one subscription arrive on one event loop; the lock only makes the reads from the scenario
 * thread safe.
 */
public class SubscriberProbe implements EventSink {

    private final int node;
    private final int[] topics;
    private final Payload payload;
    private final DeliveryStats stats;
    private final SequenceTracker tracker;
    private final Payload.Fields fields = new Payload.Fields();
    private long received;
    private long lastEventMicros;
    private volatile boolean lost;
    private volatile boolean confirmed;
    private Runnable whenSettled;

    /**
     * @param node    the server node this subscriber connects to (0 with one server)
     * @param stats   that node's counters
     * @param tracker what the subscriber is held to
     */
    public SubscriberProbe(int node, int[] topics, Payload payload, DeliveryStats stats, SequenceTracker tracker) {
        this.node = node;
        this.topics = topics;
        this.payload = payload;
        this.stats = stats;
        this.tracker = tracker;
    }

    public static SubscriberProbe tracking(int node, int[] topics, PublishLedger ledger, Payload payload,
            DeliveryStats stats, Map<Integer, Long> expectedStart) {
        return new SubscriberProbe(node, topics, payload, stats, new SequenceTracker(topics, ledger, expectedStart));
    }

    @Override
    public synchronized void onEvent(byte[] id, int idFrom, int idTo, byte[] data, int dataFrom, int dataTo) {
        long now = Micros.now();
        if (!payload.matches(data, dataFrom, dataTo, fields)) {
            stats.foreign();
            tracker.foreign();
            return;
        }
        SequenceTracker.Outcome outcome = tracker.record(fields.topic, fields.publisher, fields.sequence);
        if (!outcome.delivered()) {
            if (outcome == SequenceTracker.Outcome.FOREIGN) {
                stats.foreign();
            }
            return;
        }
        stats.delivered(now - fields.sendMicros);
        received++;
        lastEventMicros = now;
        onDelivered(id, idFrom, idTo, fields);
        if (whenSettled != null && tracker.holdsWhatItOwes()) {
            settled();
        }
    }

    /**
     * Hook for probes that need more than counting (the catch-up scenario); the id's bytes are
     * the reader's, valid only during the call.
     */
    protected void onDelivered(byte[] id, int idFrom, int idTo, Payload.Fields delivered) {
    }

    /** The server confirmed the subscription. */
    public synchronized void subscribed() {
        tracker.subscribed();
        confirmed = true;
    }

    /** A long-poll's start point moves to its first answer: what was published before may not have been polled for. */
    @Override
    public void onFirstAnswer() {
        subscribed();
    }

    /** Whether the server ever confirmed the subscription (a failed connect is reported apart). */
    public boolean confirmed() {
        return confirmed;
    }

    /**
     * The subscriber is to leave: runs {@code close} once it holds every event the server
     * acknowledged before now, or when {@code giveUp} is called, whichever comes first.
     */
    public synchronized void leave(Runnable close) {
        tracker.leaving();
        whenSettled = close;
        if (tracker.holdsWhatItOwes()) {
            settled();
        }
    }

    /** Closes now if {@link #leave} is still waiting; what has not arrived is then missing. */
    public synchronized void giveUp() {
        if (whenSettled != null) {
            settled();
        }
    }

    private void settled() {
        Runnable close = whenSettled;
        whenSettled = null;
        close.run();
    }

    @Override
    public void onLost(String reason) {
        lost = true;
        stats.lost(reason);
    }

    public boolean lost() {
        return lost;
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long lastEventMicros() {
        return lastEventMicros;
    }

    public int node() {
        return node;
    }

    public int[] topics() {
        return topics;
    }

    public synchronized SequenceTracker.Verdict verdict() {
        return tracker.verdict();
    }

    protected synchronized boolean holdsBacklog() {
        return tracker.caughtUp();
    }

    protected synchronized void catchUpThrough(Map<Integer, Long> lastOfBacklog) {
        tracker.catchUpThrough(lastOfBacklog);
    }
}
