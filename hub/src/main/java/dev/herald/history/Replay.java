package dev.herald.history;

import dev.herald.auth.Grants;
import dev.herald.core.EncodedUpdate;
import dev.herald.core.Update;

import java.util.List;

/**
 * The answer to a history read.
 *
 * @param updates     the matching updates after the requested position, in log order
 * @param scannedUpTo the sequence up to which the log was scanned: live updates at or below it are
 *                    covered by this replay and must be skipped
 * @param anchor      the update the replay starts after (the requested one, or the newest wanted one
 *                    when none was requested), or null when it starts at the earliest retained update
 * @param more        true when {@code limit} cut the read short; read again after the last update
 */
public record Replay(List<EncodedUpdate> updates, long scannedUpTo, Update anchor, boolean more) {
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
