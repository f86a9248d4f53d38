package dev.herald.history;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;
import dev.herald.core.Update;
import dev.herald.core.UpdateDraft;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The single-node log: a ring buffer bounded by count and, optionally, by age. Its epoch is drawn
 * at random when it is created, so positions never survive a restart of the process.
 *
 * <p>Threading: appends and the bookkeeping of reads are {@code synchronized}; a read holds the lock
 * only to copy at most {@link #PAGE_SCAN_LIMIT} references, and matches them after releasing it,
 * so a costly selector never delays a publish.
 */
public final class InMemoryEventLog implements EventLog {
    /** How far back a read without a last event id looks for the update to name as its anchor. */
    static final int ANCHOR_SCAN_LIMIT = 1_000;
    /** How many entries one page read scans at most, whatever it matches. */
    static final int PAGE_SCAN_LIMIT = 1_024;

    private final long epoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
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

    /** Places {@code draft} at the next position, with its id or a generated one, and stores it. */
    public synchronized EncodedUpdate append(UpdateDraft draft) {
        head++;
        EncodedUpdate update = new EncodedUpdate(draft.placed(position(head), EventIds.chosenOrGenerated(draft.id())));
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
        sequenceById.put(update.update().id(), head);
        return update;
    }

    @Override
    public Future<ReplayStart> locate(String lastEventId, Predicate<Update> wanted) {
        if (lastEventId == null) {
            EncodedUpdate[] newestFirst;
            long at;
            synchronized (this) {
                evictExpired();
                at = head;
                newestFirst = copyNewestFirst(Math.min(ANCHOR_SCAN_LIMIT, head - oldest + 1));
            }
            return Future.succeededFuture(new ReplayStart(position(at), newestWanted(newestFirst, wanted)));
        }
        synchronized (this) {
            evictExpired();
            Long found = ReplayStart.EARLIEST.equals(lastEventId) ? null : sequenceById.get(lastEventId);
            if (found == null) {
                return Future.succeededFuture(new ReplayStart(position(0), null));
            }
            return Future.succeededFuture(new ReplayStart(position(found), ring[slot(found)].update()));
        }
    }

    @Override
    public Future<HistoryPage> readAfter(LogPosition after, Predicate<Update> wanted, int limit) {
        EncodedUpdate[] slice;
        long first;
        long headAtRead;
        synchronized (this) {
            evictExpired();
            // A read from the start takes whatever is retained when it runs; any other position
            // must still be followed by what the log holds, or the reader would skip updates.
            first = after.sequence() == 0 ? Math.max(1, oldest) : after.sequence() + 1;
            if (after.epoch() != epoch || first < oldest) {
                return Future.succeededFuture(HistoryPage.lost(after));
            }
            headAtRead = head;
            int count = (int) Math.max(0, Math.min(PAGE_SCAN_LIMIT, head - first + 1));
            slice = new EncodedUpdate[count];
            for (int i = 0; i < count; i++) {
                slice[i] = ring[slot(first + i)];
            }
        }
        List<EncodedUpdate> updates = new ArrayList<>();
        long scanned = first - 1;
        for (EncodedUpdate update : slice) {
            if (wanted.test(update.update())) {
                if (updates.size() == limit) {
                    break;
                }
                updates.add(update);
            }
            scanned = update.position().sequence();
        }
        return Future.succeededFuture(new HistoryPage(updates, position(scanned), scanned < headAtRead, false));
    }

    /** The newest {@code count} retained updates, newest first. */
    private EncodedUpdate[] copyNewestFirst(long count) {
        EncodedUpdate[] copy = new EncodedUpdate[(int) count];
        for (int i = 0; i < count; i++) {
            copy[i] = ring[slot(head - i)];
        }
        return copy;
    }

    /**
     * The newest of {@code newestFirst} the subscriber wants, or null (the Mercure spec's
     * backward-scan limit). Every update after it is unwanted, so resuming from it loses nothing.
     */
    private static Update newestWanted(EncodedUpdate[] newestFirst, Predicate<Update> wanted) {
        for (EncodedUpdate update : newestFirst) {
            if (wanted.test(update.update())) {
                return update.update();
            }
        }
        return null;
    }

    private LogPosition position(long sequence) {
        return new LogPosition(epoch, sequence);
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
