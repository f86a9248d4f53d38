package dev.herald.loadtest.measure;

import java.util.BitSet;
import java.util.Map;

/**
 * One subscriber's view of each stream it receives: which sequences arrived, whether they came
 * in order and at most once. Invariant 1 of the design (per subscriber, log order, at most
 * once) is what this checks; {@link #verdict} adds what never arrived.
 * Streams are held in an array indexed by (position of the topic in the subscriber's list,
 * publisher), so recording an event neither hashes nor allocates.
 * Not thread-safe: the owning probe serialises access.
 */
public final class SequenceTracker {

    private static final class StreamState {
        final BitSet seen = new BitSet();
        long start;
        long highest;

        StreamState(long start) {
            this.start = start;
        }
    }

    /** Start value meaning "from the first event seen": for subscribers that join mid-stream. */
    private static final long FIRST_SEEN = -1;

    private final int[] topics;
    private final int publishers;
    private final StreamState[] streams;
    private long duplicated;
    private long outOfOrder;
    private long unexpected;
    private final boolean fromFirstSeen;

    /**
     * A tracker for a subscriber that joins mid-stream and leaves before the end: per stream,
     * everything between the first and the last event it saw must be there, once, in order.
     */
    public static SequenceTracker fromFirstSeen(int[] topics, PublishLedger ledger) {
        return new SequenceTracker(topics, ledger, Map.of(), true);
    }

    /** @param expectedStart first sequence each stream (by ledger id) should deliver; streams not listed start at 1 */
    public SequenceTracker(int[] topics, PublishLedger ledger, Map<Integer, Long> expectedStart) {
        this(topics, ledger, expectedStart, false);
    }

    private SequenceTracker(int[] topics, PublishLedger ledger, Map<Integer, Long> expectedStart, boolean fromFirstSeen) {
        this.fromFirstSeen = fromFirstSeen;
        this.topics = topics;
        this.publishers = ledger.publishers();
        this.streams = new StreamState[topics.length * publishers];
        for (int slot = 0; slot < topics.length; slot++) {
            for (int publisher = 0; publisher < publishers; publisher++) {
                long start = fromFirstSeen ? FIRST_SEEN : expectedStart.getOrDefault(ledger.stream(topics[slot], publisher), 1L);
                streams[slot * publishers + publisher] = new StreamState(start);
            }
        }
    }

    public void record(int topic, int publisher, long sequence) {
        StreamState state = streams[slotOf(topic) * publishers + publisher];
        if (state.start == FIRST_SEEN) {
            state.start = sequence;
        }
        if (sequence < state.start) {
            unexpected++;
            return;
        }
        int index = (int) sequence;
        if (state.seen.get(index)) {
            duplicated++;
            return;
        }
        state.seen.set(index);
        if (sequence < state.highest) {
            outOfOrder++;
        } else {
            state.highest = sequence;
        }
    }

    /** Counts against the ledger; call after publishing stopped. */
    public Verdict verdict(PublishLedger ledger) {
        long missing = 0;
        for (int slot = 0; slot < topics.length; slot++) {
            for (int publisher = 0; publisher < publishers; publisher++) {
                int stream = ledger.stream(topics[slot], publisher);
                StreamState state = streams[slot * publishers + publisher];
                if (state.start == FIRST_SEEN) {
                    continue; // Saw nothing of this stream: nothing to hold it to.
                }
                long end = fromFirstSeen ? state.highest : ledger.lastSequence(stream);
                BitSet expected = ledger.expected(stream, state.start, end);
                expected.andNot(state.seen);
                missing += expected.cardinality();
            }
        }
        return new Verdict(missing, duplicated, outOfOrder, unexpected);
    }

    private int slotOf(int topic) {
        for (int slot = 0; slot < topics.length; slot++) {
            if (topics[slot] == topic) {
                return slot;
            }
        }
        throw new IllegalArgumentException("not subscribed to topic " + topic);
    }

    /** Problems found for one subscriber. */
    public record Verdict(long missing, long duplicated, long outOfOrder, long unexpected) {
        public boolean clean() {
            return missing == 0 && duplicated == 0 && outOfOrder == 0 && unexpected == 0;
        }
    }
}
