package dev.herald.history;

import dev.herald.core.EncodedUpdate;
import dev.herald.core.LogPosition;

import dev.herald.core.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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

    /**
     * The page a read makes of {@code entries}, the updates it went through after {@code after},
     * in log order: the first {@code limit} that {@code wanted} accepts. When the limit stops it,
     * the page reaches up to the last entry it took in; otherwise up to {@code readUpTo}, where the
     * read stopped going through the log (past the last entry when it skipped some it could not use).
     *
     * @param head the newest position of the log during the read: is there more after the page?
     */
    public static HistoryPage collect(List<EncodedUpdate> entries, LogPosition after, LogPosition readUpTo,
                                      long head, Predicate<Update> wanted, int limit) {
        List<EncodedUpdate> updates = new ArrayList<>();
        LogPosition scanned = after;
        for (EncodedUpdate entry : entries) {
            if (wanted.test(entry.update())) {
                if (updates.size() == limit) {
                    return new HistoryPage(updates, scanned, true, false);
                }
                updates.add(entry);
            }
            scanned = entry.position();
        }
        return new HistoryPage(updates, readUpTo, readUpTo.sequence() < head, false);
    }
}
