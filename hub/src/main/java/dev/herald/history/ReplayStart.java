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
     * The value of Mercure's {@code Last-Event-ID} response header: the anchor's id when the
     * subscriber may see the anchor, else {@code earliest} (never the id of a hidden update).
     */
    public String anchorIdFor(Grants grants) {
        return anchor != null && grants.mayReceive(anchor) ? anchor.id() : EARLIEST;
    }
}
