package dev.herald.loadtest.measure;

import java.util.BitSet;
import java.util.Map;

/**
 * One subscriber's view of each stream it receives, held to the exact rule: every sequence
 * published on its topics from its start point on arrives once, in publish order. Each stream
 * has a window: sequences before {@code allowedFrom} must not arrive, sequences from
 * {@code requiredFrom} must, and those in between (published while the subscription was being
 * set up) may. Streams are held in an array indexed by (position of the topic in the
 * subscriber's list, publisher), so recording an event neither hashes nor allocates.
 * Not thread-safe: the owning probe serialises access.
 */
public final class SequenceTracker {

    /** What one recorded event was. */
    public enum Outcome {
        DELIVERED, OUT_OF_ORDER, DUPLICATE, UNEXPECTED, FOREIGN;

        /** Whether the event counts as a delivery (a first arrival, in order or not). */
        public boolean delivered() {
            return this == DELIVERED || this == OUT_OF_ORDER;
        }
    }

    private static final class StreamState {
        final int stream;
        final BitSet seen = new BitSet();
        long allowedFrom;
        long requiredFrom;
        /** Last sequence that must arrive; -1 while subscribed (then: the last published). */
        long requiredTo = -1;
        /** Arrived sequences at or after requiredFrom. */
        long requiredSeen;
        long highest;
        /** Last sequence of the backlog a resuming subscriber must catch up on; 0: none. */
        long catchUpTo;

        StreamState(int stream, long start) {
            this.stream = stream;
            this.allowedFrom = start;
            this.requiredFrom = start;
        }
    }

    private final PublishLedger ledger;
    private final int[] topics;
    private final int publishers;
    private final StreamState[] streams;
    private long duplicated;
    private long outOfOrder;
    private long unexpected;
    private long foreign;
    private long catchUpRemaining;
    private boolean joining;

    /** @param expectedStart first sequence each stream (by ledger id) must deliver; streams not listed start at 1 */
    public SequenceTracker(int[] topics, PublishLedger ledger, Map<Integer, Long> expectedStart) {
        this.ledger = ledger;
        this.topics = topics;
        this.publishers = ledger.publishers();
        this.streams = new StreamState[topics.length * publishers];
        for (int slot = 0; slot < topics.length; slot++) {
            for (int publisher = 0; publisher < publishers; publisher++) {
                int stream = ledger.stream(topics[slot], publisher);
                streams[slot * publishers + publisher] = new StreamState(stream, expectedStart.getOrDefault(stream, 1L));
            }
        }
    }

    /**
     * A tracker for a subscriber that joins while publishing goes on: nothing the server answered
     * before now may arrive; what is published until {@link #subscribed} may (a publish numbered
     * but still in flight, of which the open-loop publisher has many, may reach the server after
     * the subscription); everything after must.
     */
    public static SequenceTracker joining(int[] topics, PublishLedger ledger) {
        SequenceTracker tracker = new SequenceTracker(topics, ledger, Map.of());
        tracker.joining = true;
        for (StreamState state : tracker.streams) {
            state.allowedFrom = ledger.lastAnswered(state.stream) + 1;
            state.requiredFrom = ledger.lastSequence(state.stream) + 1;
        }
        return tracker;
    }

    /**
     * The server confirmed the subscription: for a {@link #joining} subscriber, every sequence
     * from the next one on must arrive. Others keep the start they were given. A later call
     * (a long-poll's first answer) moves the start point later, never earlier.
     */
    public void subscribed() {
        if (!joining) {
            return;
        }
        for (StreamState state : streams) {
            state.requiredFrom = Math.max(state.requiredFrom, ledger.lastSequence(state.stream) + 1);
            state.requiredSeen = 0;
            for (int i = state.seen.nextSetBit((int) state.requiredFrom); i >= 0; i = state.seen.nextSetBit(i + 1)) {
                state.requiredSeen++;
            }
        }
    }

    /**
     * The subscriber is about to leave: what the server had acknowledged by now must still
     * arrive; later events may, in order and without gaps.
     */
    public void leaving() {
        for (StreamState state : streams) {
            state.requiredTo = ledger.lastAnswered(state.stream);
        }
    }

    /** Whether everything required up to {@link #leaving} has arrived, so closing loses nothing owed. */
    public boolean holdsWhatItOwes() {
        for (StreamState state : streams) {
            if (state.highest < state.requiredTo) {
                return false;
            }
        }
        return true;
    }

    /** Sets the backlog a resuming subscriber must receive: per stream (ledger id), its last sequence. */
    public void catchUpThrough(Map<Integer, Long> lastOfBacklog) {
        catchUpRemaining = 0;
        for (StreamState state : streams) {
            state.catchUpTo = lastOfBacklog.getOrDefault(state.stream, 0L);
            catchUpRemaining += ledger.expectedCount(state.stream, state.requiredFrom, state.catchUpTo);
        }
    }

    /** Whether every event of the backlog has arrived (true when there was none). */
    public boolean caughtUp() {
        return catchUpRemaining == 0;
    }

    /** An event that is not one of the run's payloads on this subscriber's topics. */
    public void foreign() {
        foreign++;
    }

    public Outcome record(int topic, int publisher, long sequence) {
        int slot = slotOf(topic);
        if (slot < 0 || publisher < 0 || publisher >= publishers || sequence < 1 || sequence > Integer.MAX_VALUE) {
            foreign++;
            return Outcome.FOREIGN;
        }
        StreamState state = streams[slot * publishers + publisher];
        if (sequence < state.allowedFrom) {
            unexpected++;
            return Outcome.UNEXPECTED;
        }
        int index = (int) sequence;
        if (state.seen.get(index)) {
            duplicated++;
            return Outcome.DUPLICATE;
        }
        state.seen.set(index);
        if (sequence >= state.requiredFrom) {
            state.requiredSeen++;
            if (sequence <= state.catchUpTo && !ledger.failed(state.stream, sequence)) {
                catchUpRemaining--;
            }
        }
        if (sequence < state.highest) {
            outOfOrder++;
            return Outcome.OUT_OF_ORDER;
        }
        state.highest = sequence;
        return Outcome.DELIVERED;
    }

    /** Counts against the ledger; call once publishing has stopped and deliveries have drained. */
    public Verdict verdict() {
        long missing = 0;
        long beyond = 0;
        for (StreamState state : streams) {
            long last = ledger.lastSequence(state.stream);
            // Once leaving, what arrived after the last owed event must have no gap below the highest.
            long end = state.requiredTo < 0 ? last : Math.min(last, Math.max(state.requiredTo, state.highest));
            // A sequence never published is not ours: a server that made it up leaked or altered it.
            long madeUp = 0;
            for (int i = state.seen.nextSetBit((int) end + 1); i >= 0; i = state.seen.nextSetBit(i + 1)) {
                madeUp++;
            }
            beyond += madeUp;
            long arrived = state.requiredSeen - madeUp - ledger.failedCount(state.stream, state.requiredFrom, end, state.seen);
            missing += Math.max(0, ledger.expectedCount(state.stream, state.requiredFrom, end) - arrived);
        }
        return new Verdict(missing, duplicated, outOfOrder, unexpected, foreign + beyond);
    }

    private int slotOf(int topic) {
        for (int slot = 0; slot < topics.length; slot++) {
            if (topics[slot] == topic) {
                return slot;
            }
        }
        return -1;
    }

    /** Problems found for one subscriber, by kind. */
    public record Verdict(long missing, long duplicated, long outOfOrder, long unexpected, long foreign) {
        public boolean clean() {
            return missing == 0 && duplicated == 0 && outOfOrder == 0 && unexpected == 0 && foreign == 0;
        }
    }
}
