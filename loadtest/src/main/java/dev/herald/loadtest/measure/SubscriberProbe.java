package dev.herald.loadtest.measure;

import dev.herald.loadtest.target.EventSink;
import java.util.Arrays;
import java.util.Map;

/**
 * What one subscriber does with each event: decode the payload, record latency, count the
 * delivery, check the sequence. Events of one subscription arrive on one event loop; the lock
 * only makes the final read from the main thread safe.
 */
public class SubscriberProbe implements EventSink {

    private final int node;
    private final int[] topics;
    private final PublishLedger ledger;
    private final DeliveryStats stats;
    private final SequenceTracker tracker;
    private final Payload.Fields fields = new Payload.Fields();
    private long received;
    private long lastEventMicros;
    private volatile boolean lost;

    /**
     * @param node    the server node this subscriber connects to (0 with one server)
     * @param stats   that node's counters
     * @param tracker null when the scenario does not check order (subscribers that join mid-stream)
     */
    public SubscriberProbe(int node, int[] topics, PublishLedger ledger, DeliveryStats stats, SequenceTracker tracker) {
        this.node = node;
        this.topics = topics;
        this.ledger = ledger;
        this.stats = stats;
        this.tracker = tracker;
    }

    public static SubscriberProbe tracking(int node, int[] topics, PublishLedger ledger, DeliveryStats stats,
            Map<Integer, Long> expectedStart) {
        return new SubscriberProbe(node, topics, ledger, stats, new SequenceTracker(topics, ledger, expectedStart));
    }

    @Override
    public synchronized void onEvent(String id, String data) {
        long now = Micros.now();
        if (data == null || !Payload.decode(data, fields) || !subscribedTo(fields.topic)
                || fields.publisher >= ledger.publishers()) {
            stats.foreign();
            return;
        }
        stats.delivered(now - fields.sendMicros);
        received++;
        lastEventMicros = now;
        if (tracker != null) {
            tracker.record(fields.topic, fields.publisher, fields.sequence);
        }
        onDelivered(id, fields);
    }

    /** Hook for probes that need more than counting (the catch-up scenario). */
    protected void onDelivered(String id, Payload.Fields delivered) {
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
        return tracker == null ? null : tracker.verdict(ledger);
    }

    private boolean subscribedTo(int topic) {
        if (topics.length == 1) {
            return topics[0] == topic;
        }
        return Arrays.stream(topics).anyMatch(t -> t == topic);
    }
}
