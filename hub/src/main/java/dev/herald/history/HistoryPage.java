package dev.herald.history;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;

import java.util.List;

/**
 * One page of a history read.
 *
 * @param updates     the wanted updates after the requested position, in log order
 * @param scannedUpTo the position up to which the log was read: the next page starts after it, and
 *                    live updates at or below it are covered by the replay
 * @param more        true when the page stopped before the head of the log; read again after
 *                    {@code scannedUpTo}
 * @param lost        true when the log no longer holds what follows the requested position (it was
 *                    evicted, or the log restarted in a new epoch): the reader cannot continue
 *                    without a gap
 */
public record HistoryPage(List<EncodedUpdate> updates, LogPosition scannedUpTo, boolean more, boolean lost) {

    /** The answer for a position the log no longer covers. */
    public static HistoryPage lost(LogPosition after) {
        return new HistoryPage(List.of(), after, false, true);
    }
}
