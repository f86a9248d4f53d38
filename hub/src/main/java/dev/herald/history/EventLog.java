package dev.herald.history;

import dev.herald.core.LogPosition;
import dev.herald.core.Update;
import io.vertx.core.Future;

import java.util.function.Predicate;

/**
 * The hub's ordered, bounded history of updates, read by subscribers that reconnect. The log, not
 * the publisher, places each update: it assigns its {@link LogPosition} and, when the publisher
 * chose none, its event id. Event ids map to positions; a reused id maps to its most recent update.
 *
 * <p>Reads come in two steps, both bounded so that no subscriber can stall publishing: {@link
 * #locate} turns a last event id into a starting position, then {@link #readAfter} returns one page
 * at a time. Implementations hold no lock shared with appends while they match updates.
 *
 * <p>Threading: safe to call from any event loop; implementations never block an event loop, and
 * never test {@code wanted} on one (selector matching is work a subscriber chooses the cost of):
 * they test it on another thread, which is why {@code wanted} must be safe to test there, and
 * complete their futures on the caller's context.
 */
public interface EventLog {

    /**
     * Where a replay for a client resuming from {@code lastEventId} starts:
     * <ul>
     *   <li>{@code null}: at the head (nothing is replayed); the anchor is the newest retained update
     *       that passes {@code wanted}, found within a bounded backward scan, so a client resuming
     *       from it loses nothing.</li>
     *   <li>{@code "earliest"}: before the oldest retained update.</li>
     *   <li>a retained id: right after that update, which is the anchor.</li>
     *   <li>an id no longer (or never) retained: before the oldest retained update, with no anchor,
     *       so the client learns that events may have been lost.</li>
     * </ul>
     */
    Future<ReplayStart> locate(String lastEventId, Predicate<Update> wanted);

    /**
     * One page of history after {@code after}: at most {@code limit} updates that pass {@code wanted},
     * in log order, from a bounded number of scanned entries. A page with {@link HistoryPage#more()}
     * false reached the head of the log as it was during the read.
     */
    Future<HistoryPage> readAfter(LogPosition after, Predicate<Update> wanted, int limit);
}
