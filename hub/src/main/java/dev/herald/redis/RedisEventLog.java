package dev.herald.redis;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;
import dev.herald.core.Update;
import dev.herald.core.UpdateDraft;
import dev.herald.history.EventIds;
import dev.herald.history.EventLog;
import dev.herald.history.HistoryPage;
import dev.herald.history.OffLoop;
import dev.herald.history.ReplayStart;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * The log shared by every node of a cluster: a Redis Stream, with an index from event id to
 * sequence, both trimmed together by count (and, optionally, age) on every append. Each
 * operation is one call of {@link LogScript}, atomic in Redis, so a read never sees half an append.
 *
 * <p>Positions: the sequence is given out by the log itself, one more on every append; the epoch
 * is drawn by whichever node first writes to an empty Redis (or one that lost the log's keys).
 *
 * <p>Threading: safe from any event loop; futures complete on the caller's context; decoding and
 * matching of read entries run off the loop ({@link OffLoop}).
 */
public final class RedisEventLog implements EventLog {
    /** How far back a read without a last event id looks for its anchor, as the in-memory log does. */
    static final int ANCHOR_SCAN_LIMIT = 1_000;
    /** Entries fetched per step of that backward scan: most subscribers find their anchor in the first. */
    static final int ANCHOR_CHUNK = 100;
    /** How many entries one page read fetches at most, whatever they match. */
    static final int PAGE_SCAN_LIMIT = 256;

    private final RedisLink link;
    private final LongConsumer roundTrips;
    private final LogScript script;
    private final int maxEntries;
    private final long maxAgeMillis;

    /**
     * @param maxEntries how many updates the log retains (at least 1: nodes read updates from it)
     * @param maxAge     how long an update is retained; {@link Duration#ZERO} for no age bound
     */
    RedisEventLog(RedisLink link, LogScript script, int maxEntries, Duration maxAge) {
        this(link, script, maxEntries, maxAge, nanos -> { });
    }

    /** @param roundTrips hears how long each log command took, in nanoseconds */
    RedisEventLog(RedisLink link, LogScript script, int maxEntries, Duration maxAge, LongConsumer roundTrips) {
        this.roundTrips = roundTrips;
        this.link = link;
        this.script = script;
        this.maxEntries = Math.max(1, maxEntries);
        this.maxAgeMillis = maxAge.toMillis();
    }

    /** Places {@code draft} at the next position with its id or a generated one; completes once Redis stored it. */
    Future<EncodedUpdate> append(UpdateDraft draft) {
        String id = EventIds.chosenOrGenerated(draft.id());
        return run("append", id, StreamEntries.encode(draft), maxEntries, maxAgeMillis).map(reply ->
                new EncodedUpdate(draft.placed(new LogPosition(reply.get(0).toLong(), reply.get(1).toLong()), id)));
    }

    /** The position of the newest update (sequence 0 when there is none yet). */
    Future<LogPosition> head() {
        return run("head").map(reply -> new LogPosition(reply.get(0).toLong(), reply.get(1).toLong()));
    }

    @Override
    public Future<ReplayStart> locate(String lastEventId, Predicate<Update> wanted) {
        if (lastEventId == null) {
            return anchorAtHead(wanted, 0, null, 0);
        }
        if (ReplayStart.EARLIEST.equals(lastEventId)) {
            return head().map(head -> new ReplayStart(new LogPosition(head.epoch(), 0), null));
        }
        return run("locate", lastEventId).map(reply -> {
            long epoch = reply.get(0).toLong();
            Response entry = reply.get(2);
            if (entry == null) {
                return new ReplayStart(new LogPosition(epoch, 0), null);
            }
            EncodedUpdate found = StreamEntries.decode(entry);
            return new ReplayStart(found.position(), found.update());
        });
    }

    /**
     * A start at the head, anchored at the newest wanted update within {@link #ANCHOR_SCAN_LIMIT},
     * read newest first in chunks.
     *
     * @param before  read the entries before this sequence (0: from the head)
     * @param head    the head found by the first chunk, or null before it
     * @param scanned entries read so far
     */
    private Future<ReplayStart> anchorAtHead(Predicate<Update> wanted, long before, LogPosition head, int scanned) {
        int chunk = Math.min(ANCHOR_CHUNK, ANCHOR_SCAN_LIMIT - scanned);
        return run("read", "before", before, chunk).compose(reply -> {
            long epoch = reply.get(0).toLong();
            LogPosition at = new LogPosition(epoch, reply.get(1).toLong());
            if (head != null && !head.sameEpoch(at)) {
                // The log restarted between two chunks: start at the new head, with no anchor.
                return Future.succeededFuture(new ReplayStart(at, null));
            }
            LogPosition start = head == null ? at : head;
            Response entries = reply.get(3);
            return OffLoop.run(() -> {
                List<EncodedUpdate> newestFirst = StreamEntries.decodeAll(entries);
                return new Chunk(ReplayStart.newestWanted(newestFirst, wanted), newestFirst);
            }).compose(found -> {
                int total = scanned + found.entries().size();
                if (found.anchor() != null || found.entries().size() < chunk || total >= ANCHOR_SCAN_LIMIT) {
                    return Future.succeededFuture(new ReplayStart(start, found.anchor()));
                }
                long oldestRead = found.entries().get(found.entries().size() - 1).position().sequence();
                return anchorAtHead(wanted, oldestRead, start, total);
            });
        });
    }

    private record Chunk(Update anchor, List<EncodedUpdate> entries) {
    }

    @Override
    public Future<HistoryPage> readAfter(LogPosition after, Predicate<Update> wanted, int limit) {
        return run("read", "after", after.sequence(), PAGE_SCAN_LIMIT).compose(reply -> {
            long epoch = reply.get(0).toLong();
            long head = reply.get(1).toLong();
            long oldest = reply.get(2).toLong();
            // A read from the start takes what is retained; any other position must still be
            // followed by what the log holds, or the reader would skip updates.
            if (epoch != after.epoch() || (after.sequence() != 0 && after.sequence() + 1 < oldest)) {
                return Future.succeededFuture(HistoryPage.lost(after));
            }
            Response entries = reply.get(3);
            // The read went through the entries it fetched (even those it cannot decode), or, with
            // none left after the position, up to the head.
            LogPosition readUpTo = new LogPosition(epoch, entries.size() == 0 ? Math.max(after.sequence(), head)
                    : StreamEntries.sequence(entries.get(entries.size() - 1).get(0).toString()));
            return OffLoop.run(() -> HistoryPage.collect(StreamEntries.decodeAll(entries), after, readUpTo, head,
                    wanted, limit));
        });
    }

    private Future<Response> run(String operation, Object... args) {
        // The epoch a node proposes if the log has none: positive, below 2^53 so Lua and JSON keep it exact.
        long freshEpoch = ThreadLocalRandom.current().nextLong(1, 1L << 53);
        long started = System.nanoTime();
        return script.run(link, freshEpoch, operation, args)
                .onComplete(done -> roundTrips.accept(System.nanoTime() - started));
    }

    /** How many entries the log's stream holds (one {@code XLEN}, constant time in Redis). */
    Future<Long> length(String streamKey) {
        return link.send(Request.cmd(Command.XLEN).arg(streamKey)).map(Response::toLong);
    }
}
