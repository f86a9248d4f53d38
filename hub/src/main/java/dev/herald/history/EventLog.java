package dev.herald.history;

import io.vertx.core.Future;
import dev.herald.core.Update;

import java.util.function.Predicate;

/**
 * The hub's ordered, bounded history of updates, queried by subscribers that reconnect.
 *
 * <p>Positions: every update has a sequence assigned on append, strictly increasing. Event ids map
 * to sequences; a reused id maps to its most recent update.
 *
 * <p>Threading: safe to call from any event loop. Implementations never block an event loop.
 */
public interface EventLog {

    /**
     * Reads the updates after the one whose id is {@code lastEventId} that pass {@code wanted}.
     * <ul>
     *   <li>{@code null}: nothing is replayed; the anchor is the newest retained update that passes
     *       {@code wanted} (within a bounded backward scan), so a client resuming from it loses nothing.</li>
     *   <li>{@code "earliest"}: everything retained.</li>
     *   <li>an id no longer (or never) in the log: everything retained, with a null anchor so the
     *       client learns that events may have been lost.</li>
     * </ul>
     * At most {@code limit} updates are returned.
     */
    Future<Replay> readAfter(String lastEventId, Predicate<Update> wanted, int limit);

    /** The sequence of the newest update, 0 when nothing was ever appended. */
    long headSequence();
}
