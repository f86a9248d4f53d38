package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.DeliveryStats;
import dev.herald.loadtest.measure.Payload;
import dev.herald.loadtest.measure.PublishLedger;
import dev.herald.loadtest.measure.SequenceTracker;
import dev.herald.loadtest.measure.SubscriberProbe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscriber on one topic that remembers every event's id in arrival (= log) order, so the
 * catch-up scenario can pick the id N events back and know which sequence must come next.
 */
final class IdRecorder extends SubscriberProbe {

    private record Entry(int stream, long sequence, String id) {
    }

    private final PublishLedger ledger;
    private final List<Entry> entries = new ArrayList<>();

    IdRecorder(int topic, PublishLedger ledger, Payload payload, DeliveryStats stats) {
        super(0, new int[] {topic}, payload, stats, new SequenceTracker(new int[] {topic}, ledger, Map.of()));
        this.ledger = ledger;
    }

    @Override
    protected void onDelivered(byte[] id, int idFrom, int idTo, Payload.Fields delivered) {
        String text = id == null ? null : new String(id, idFrom, idTo - idFrom, StandardCharsets.UTF_8);
        entries.add(new Entry(ledger.stream(delivered.topic, delivered.publisher), delivered.sequence, text));
    }

    synchronized int size() {
        return entries.size();
    }

    /** The id of the event {@code eventsBack} before the newest, or null if there are not that many. */
    synchronized String idBack(int eventsBack) {
        int index = entries.size() - eventsBack - 1;
        return index < 0 ? null : entries.get(index).id();
    }

    /** For each stream, the first sequence after the anchor {@code eventsBack} events before the newest. */
    synchronized Map<Integer, Long> firstSequencesAfter(int eventsBack) {
        Map<Integer, Long> first = new HashMap<>();
        for (int i = Math.max(0, entries.size() - eventsBack); i < entries.size(); i++) {
            first.putIfAbsent(entries.get(i).stream(), entries.get(i).sequence());
        }
        return first;
    }
}
