package io.streamflow.journal;

/**
 * What, besides recovery, may still need the records of a sealed cycle: consumer groups that have not read past them
 * ({@link JournalRetention} keeps such a cycle unless its policy may drop what is needed).
 * <p>
 * Called from the thread that applies retention; an implementation reads state another thread publishes.
 */
@FunctionalInterface
public interface RetentionHold
{
    /** Holds nothing back. */
    RetentionHold NONE = (streamId, partition, lastOffset) -> null;

    /**
     * @param streamId   a stream with records in the cycle.
     * @param partition  a partition of it with records in the cycle.
     * @param lastOffset the highest offset of that partition in the cycle.
     * @return why records of that partition up to {@code lastOffset} are still needed, or null when none is.
     */
    String holdOf(int streamId, int partition, long lastOffset);
}
