package dev.herald.history;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;
import dev.herald.core.Update;
import dev.herald.core.UpdateDraft;
import dev.herald.core.UpdateTooLargeException;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The single-node log: a ring buffer bounded by count, by bytes and, optionally, by age. Its epoch
 * is drawn at random when it is created, so positions never survive a restart of the process.
 *
 * <p>Memory: each update counts {@link #retainedBytes} against {@code maxBytes}; the oldest
 * updates are dropped to make room, and an update larger than the whole budget is refused with
 * {@link UpdateTooLargeException}, so no run of large publishes can exhaust the heap.
 *
 * <p>Threading: appends and the bookkeeping of reads are {@code synchronized}; a read holds the lock
 * only to copy at most {@link #PAGE_SCAN_LIMIT} references. It matches them after releasing it, on
 * a worker thread of the caller's Vert.x context (the result is delivered back on that context), so
 * a costly selector never delays a publish nor holds an event loop. Called from a thread that is
 * not Vert.x's, a read matches on that thread. A page with nothing to match (a new subscriber
 * starting at the head) is answered in place: it is not worth a worker's round trip. So is the
 * anchor of a read without a last event id when it is among the {@link #IN_PLACE_ANCHOR_SCAN}
 * newest updates, matched on the caller's thread like as many live updates.
 */
public final class InMemoryEventLog implements EventLog {
    /** How far back a read without a last event id looks for the update to name as its anchor. */
    static final int ANCHOR_SCAN_LIMIT = 1_000;
    /** How many of those, newest first, are matched on the caller's thread before handing the rest to a worker. */
    static final int IN_PLACE_ANCHOR_SCAN = 8;
    /** How many entries one page read scans at most, whatever it matches. */
    static final int PAGE_SCAN_LIMIT = 1_024;

    private final long epoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final EncodedUpdate[] ring;
    private final long[] appendedAtMillis;
    private final long[] sizes;
    private final long maxAgeMillis;
    private final long maxBytes;
    private final Clock clock;
    private final Map<String, Long> sequenceById = new HashMap<>();
    private long head;
    private long oldest = 1;
    private long bytes;

    /**
     * @param capacity how many updates are retained (0 keeps none)
     * @param maxAge   how long an update is retained; {@link Duration#ZERO} for no age bound
     * @param maxBytes how many bytes the retained updates may count together ({@link #retainedBytes})
     */
    public InMemoryEventLog(int capacity, Duration maxAge, long maxBytes, Clock clock) {
        this.ring = new EncodedUpdate[capacity];
        this.appendedAtMillis = new long[capacity];
        this.sizes = new long[capacity];
        this.maxAgeMillis = maxAge.toMillis();
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * Places {@code draft} at the next position, with its id or a generated one, and stores it,
     * dropping the oldest updates as needed to stay within the count and byte bounds.
     *
     * @throws UpdateTooLargeException when the update alone is larger than the byte bound; the log
     *                                 is unchanged
     */
    public synchronized EncodedUpdate append(UpdateDraft draft) {
        String id = EventIds.chosenOrGenerated(draft.id());
        long size = retainedBytes(draft, id);
        if (ring.length > 0 && size > maxBytes) {
            throw new UpdateTooLargeException(size, maxBytes);
        }
        head++;
        EncodedUpdate update = new EncodedUpdate(draft.placed(position(head), id));
        if (ring.length == 0) {
            oldest = head + 1;
            return update;
        }
        while (oldest < head && (head - oldest >= ring.length || bytes + size > maxBytes)) {
            evictOldest();
        }
        int slot = slot(head);
        ring[slot] = update;
        appendedAtMillis[slot] = clock.millis();
        sizes[slot] = size;
        bytes += size;
        sequenceById.put(id, head);
        return update;
    }

    /** How many updates the log holds now (age-expired ones count until an append drops them). */
    public synchronized long retained() {
        return Math.max(0, head - oldest + 1);
    }

    /**
     * What an update costs the history, roughly: its text twice (the strings, and the encoded
     * frames cached for the transports) plus a fixed overhead for the objects around it.
     */
    static long retainedBytes(UpdateDraft draft, String id) {
        long chars = draft.data().length() + id.length() + (draft.type() == null ? 0 : draft.type().length());
        for (String topic : draft.topics()) {
            chars += topic.length();
        }
        return 2 * chars + 256;
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
            // The anchor is nearly always among the newest few: matching those is what dispatching
            // as many live updates costs, so they are matched here, sparing each new subscriber a
            // worker's round trip (two thread switches); a longer scan still runs off the loop.
            int nearest = Math.min(IN_PLACE_ANCHOR_SCAN, newestFirst.length);
            List<EncodedUpdate> scan = Arrays.asList(newestFirst);
            Update anchor = ReplayStart.newestWanted(scan.subList(0, nearest), wanted);
            if (anchor != null || nearest == newestFirst.length) {
                return Future.succeededFuture(new ReplayStart(position(at), anchor));
            }
            return OffLoop.run(() -> new ReplayStart(position(at),
                    ReplayStart.newestWanted(scan.subList(nearest, newestFirst.length), wanted)));
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
        long from = first;
        if (slice.length == 0) {
            // Nothing to match (a subscriber starting at the head): no worker round trip.
            return Future.succeededFuture(HistoryPage.collect(List.of(), position(from - 1), position(from - 1),
                    headAtRead, wanted, limit));
        }
        // The slice is contiguous: it reaches from just before its first sequence to its last.
        return OffLoop.run(() -> HistoryPage.collect(Arrays.asList(slice), position(from - 1),
                position(from - 1 + slice.length), headAtRead, wanted, limit));
    }

    /** The newest {@code count} retained updates, newest first. */
    private EncodedUpdate[] copyNewestFirst(long count) {
        EncodedUpdate[] copy = new EncodedUpdate[(int) count];
        for (int i = 0; i < count; i++) {
            copy[i] = ring[slot(head - i)];
        }
        return copy;
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
        bytes -= sizes[slot];
        oldest++;
    }

    private int slot(long sequence) {
        return (int) ((sequence - 1) % ring.length);
    }
}
