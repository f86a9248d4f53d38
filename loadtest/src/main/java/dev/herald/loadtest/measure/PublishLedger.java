package dev.herald.loadtest.measure;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The publishers' record of what should have been delivered: for every stream (a topic and
 * the publisher that numbers it) the last sequence sent and the sequences whose publish failed.
 * Sequences start at 1. Written by the publish loop only; read once publishing has stopped.
 */
public final class PublishLedger {

    private final int publishers;
    private final long[] lastSequence;
    private final Map<Integer, BitSet> failed = new HashMap<>();

    public PublishLedger(int topics, int publishers) {
        this.publishers = publishers;
        this.lastSequence = new long[topics * publishers];
    }

    public int publishers() {
        return publishers;
    }

    public int stream(int topic, int publisher) {
        return topic * publishers + publisher;
    }

    public long nextSequence(int stream) {
        return ++lastSequence[stream];
    }

    public long lastSequence(int stream) {
        return lastSequence[stream];
    }

    public void markFailed(int stream, long sequence) {
        failed.computeIfAbsent(stream, ignored -> new BitSet()).set((int) sequence);
    }

    /** Sequences of {@code stream} in [from, to] that a subscriber should have received. */
    public BitSet expected(int stream, long from, long to) {
        BitSet expected = new BitSet();
        if (from <= to) {
            expected.set((int) from, (int) to + 1);
            BitSet failures = failed.get(stream);
            if (failures != null) {
                expected.andNot(failures);
            }
        }
        return expected;
    }
}
