package dev.herald.history;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.Grants;
import dev.herald.core.LogPosition;
import dev.herald.core.Update;

import java.util.function.Predicate;

/**
 * Where a replay starts, as {@link EventLog#locate} found it.
 *
 * @param after  the replay reads the updates after this position (sequence 0: from the oldest retained)
 * @param anchor the update the replay starts after (the requested one, or the newest wanted one
 *               when none was requested), or null when it starts at the earliest retained update
 */
public record ReplayStart(LogPosition after, Update anchor) {
    /** The value Mercure's {@code Last-Event-ID} response header carries when there is no anchor. */
    public static final String EARLIEST = "earliest";

    /**
     * This start as {@code grants} may know it. A replay after an update they may not see starts as
     * one after an id the log never had: from the earliest retained update, with no anchor.
     * Otherwise a subscriber could probe whether a private update's id exists by comparing what it
     * is replayed after a guessed id with what it is replayed after a made-up one.
     */
    public ReplayStart visibleTo(Grants grants) {
        return anchor == null || grants.mayReceive(anchor) ? this
                : new ReplayStart(new LogPosition(after.epoch(), 0), null);
    }

    /** The value of Mercure's {@code Last-Event-ID} response header: the anchor's id, else {@code earliest}. */
    public String anchorId() {
        return anchor != null ? anchor.id() : EARLIEST;
    }

    /**
     * The newest of {@code newestFirst} that {@code wanted} accepts, or null: the anchor of a start
     * at the head, found by a bounded backward scan (the Mercure spec's limit). Every update after
     * it is unwanted, so a client resuming from it loses nothing.
     */
    public static Update newestWanted(Iterable<EncodedUpdate> newestFirst, Predicate<Update> wanted) {
        for (EncodedUpdate update : newestFirst) {
            if (wanted.test(update.update())) {
                return update.update();
            }
        }
        return null;
    }
}
