package dev.herald.history;

import dev.herald.core.Grants;
import dev.herald.core.LogPosition;
import dev.herald.core.Update;

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
}
