package dev.herald.history;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.Update;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The single-node log: a ring buffer bounded by count and, optionally, by age.
 *
 * <p>Threading: every method is {@code synchronized}. Appends and reads are short, CPU-only
 * critical sections, so contention between event loops stays negligible.
 */
public final class InMemoryEventLog implements EventLog {
    /** How far back a read without a last event id looks for the update to name as its anchor. */
    static final int ANCHOR_SCAN_LIMIT = 1_000;

    private final EncodedUpdate[] ring;
    private final long[] appendedAtMillis;
    private final long maxAgeMillis;
    private final Clock clock;
    private final Map<String, Long> sequenceById = new HashMap<>();
    private long head;
    private long oldest = 1;

    /**
     * @param capacity how many updates are retained (0 keeps none)
     * @param maxAge   how long an update is retained; {@link Duration#ZERO} for no age bound
     */
    public InMemoryEventLog(int capacity, Duration maxAge, Clock clock) {
        this.ring = new EncodedUpdate[capacity];
        this.appendedAtMillis = new long[capacity];
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    /** Assigns the next sequence to {@code draft}, stores it and returns it encoded. */
    public synchronized EncodedUpdate append(Update draft) {
        EncodedUpdate update = new EncodedUpdate(draft.atSequence(++head));
        if (ring.length == 0) {
            oldest = head + 1;
            return update;
        }
        if (head - oldest >= ring.length) {
            evictOldest();
        }
        int slot = slot(head);
        ring[slot] = update;
        appendedAtMillis[slot] = clock.millis();
        sequenceById.put(draft.id(), head);
        return update;
    }

    @Override
    public synchronized Future<Replay> readAfter(String lastEventId, Predicate<Update> wanted, int limit) {
        evictExpired();
        long after;
        Update anchor;
        if (lastEventId == null) {
            after = head;
            anchor = newestWanted(wanted);
        } else {
            Long found = Replay.EARLIEST.equals(lastEventId) ? null : sequenceById.get(lastEventId);
            after = found == null ? oldest - 1 : found;
            anchor = found == null ? null : ring[slot(found)].update();
        }
        List<EncodedUpdate> updates = new ArrayList<>();
        long scanned = head;
        for (long sequence = Math.max(after + 1, oldest); sequence <= head; sequence++) {
            EncodedUpdate update = ring[slot(sequence)];
            if (wanted.test(update.update())) {
                if (updates.size() == limit) {
                    scanned = sequence - 1;
                    break;
                }
                updates.add(update);
            }
        }
        return Future.succeededFuture(new Replay(updates, Math.max(scanned, after), anchor, scanned < head));
    }

    /**
     * The newest retained update the subscriber wants, found by scanning back at most
     * {@link #ANCHOR_SCAN_LIMIT} updates; null past that (the Mercure spec's backward-scan limit).
     * Every update after it is unwanted, so resuming from it loses nothing.
     */
    private Update newestWanted(Predicate<Update> wanted) {
        long stop = Math.max(oldest, head - ANCHOR_SCAN_LIMIT + 1);
        for (long sequence = head; sequence >= stop; sequence--) {
            Update update = ring[slot(sequence)].update();
            if (wanted.test(update)) {
                return update;
            }
        }
        return null;
    }

    @Override
    public synchronized long headSequence() {
        return head;
    }

    private void evictExpired() {
        if (maxAgeMillis <= 0) {
            return;
        }
        long cutoff = clock.millis() - maxAgeMillis;
        while (oldest <= head && appendedAtMillis[slot(oldest)] < cutoff) {
            evictOldest();
        }
    }

    private void evictOldest() {
        int slot = slot(oldest);
        String id = ring[slot].update().id();
        // A reused id may point at a newer update; only forget it when it points here.
        sequenceById.remove(id, oldest);
        ring[slot] = null;
        oldest++;
    }

    private int slot(long sequence) {
        return (int) ((sequence - 1) % ring.length);
    }
}
