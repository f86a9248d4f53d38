package dev.herald.loadtest.measure;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The publishers' record of what should have been delivered: for every stream (a topic and
 * the publisher that numbers it) the last sequence sent, the last one answered, and the
 * sequences whose publish failed. Sequences start at 1. Written by the publish loop only;
 * subscribers read it from their own event loops when they start and stop, hence the atomics.
 */
public final class PublishLedger {

    private final int publishers;
    private final AtomicLongArray lastSequence;
    private final AtomicLongArray lastAnswered;
    private final Map<Integer, BitSet> failed = new HashMap<>();
    private volatile boolean anyFailed;

    public PublishLedger(int topics, int publishers) {
        this.publishers = publishers;
        this.lastSequence = new AtomicLongArray(topics * publishers);
        this.lastAnswered = new AtomicLongArray(topics * publishers);
    }

    public int publishers() {
        return publishers;
    }

    public int stream(int topic, int publisher) {
        return topic * publishers + publisher;
    }

    public long nextSequence(int stream) {
        return lastSequence.incrementAndGet(stream);
    }

    public long lastSequence(int stream) {
        return lastSequence.get(stream);
    }

    /**
     * The publish of {@code sequence} was answered (either way). A stream's publishes share one
     * pipelined connection, so they are answered in order: every earlier one has been too.
     */
    public void answered(int stream, long sequence) {
        lastAnswered.accumulateAndGet(stream, sequence, Math::max);
    }

    /** The last sequence of {@code stream} whose publish the server has answered. */
    public long lastAnswered(int stream) {
        return lastAnswered.get(stream);
    }

    public synchronized void markFailed(int stream, long sequence) {
        failed.computeIfAbsent(stream, ignored -> new BitSet()).set((int) sequence);
        anyFailed = true;
    }

    public boolean failed(int stream, long sequence) {
        if (!anyFailed) {
            return false;
        }
        synchronized (this) {
            BitSet failures = failed.get(stream);
            return failures != null && failures.get((int) sequence);
        }
    }

    /** How many sequences of {@code stream} in [from, to] a subscriber should have received. */
    public long expectedCount(int stream, long from, long to) {
        if (from > to) {
            return 0;
        }
        return to - from + 1 - failedCount(stream, from, to, null);
    }

    /**
     * Failed sequences of {@code stream} in [from, to]; with {@code among}, only those set in it
     * (a publish that failed at the publisher may still have been delivered).
     */
    public long failedCount(int stream, long from, long to, BitSet among) {
        if (!anyFailed || from > to) {
            return 0;
        }
        synchronized (this) {
            BitSet failures = failed.get(stream);
            if (failures == null) {
                return 0;
            }
            long count = 0;
            for (int i = failures.nextSetBit((int) from); i >= 0 && i <= to; i = failures.nextSetBit(i + 1)) {
                if (among == null || among.get(i)) {
                    count++;
                }
            }
            return count;
        }
    }
}
