package dev.herald.core;

/**
 * Where an update stands in the hub's log.
 *
 * <p>{@code sequence} grows strictly with every append. {@code epoch} names one life of the log: a
 * log that loses its contents and restarts from zero (a flushed or replaced store) starts a new
 * epoch, so a position from before the restart is never mistaken for one after it. Positions of
 * different epochs are not ordered: a reader that meets a new epoch has lost its place.
 *
 * @param epoch    identifies the log's current life; equal for every update of that life
 * @param sequence 1 for the first update of an epoch; 0 means "from the start": a read after it
 *                 begins at the oldest update the log still retains
 */
public record LogPosition(long epoch, long sequence) {

    /** True when both positions belong to the same life of the log, so their sequences compare. */
    public boolean sameEpoch(LogPosition other) {
        return epoch == other.epoch;
    }

    /** True when this position comes after {@code other} in the same epoch. */
    public boolean isAfter(LogPosition other) {
        return sameEpoch(other) && sequence > other.sequence;
    }
}
