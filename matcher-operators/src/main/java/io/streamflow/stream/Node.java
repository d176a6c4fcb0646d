package io.streamflow.stream;

/**
 * One operator of a compiled pipeline: takes records with their timestamps, and watermarks, and passes what it
 * produces to the next. Runs on one thread; never allocates once built.
 *
 * @param <V> record view it takes.
 */
abstract class Node<V>
{
    /**
     * A record.
     *
     * @param record      view, valid during the call only.
     * @param timestampNs its event time (or processing time, for processing-time sources).
     */
    abstract void onRecord(V record, long timestampNs);

    /**
     * Time has advanced: no record with a timestamp at or below this is expected any more.
     *
     * @param watermarkNs the new watermark, never lower than the last one.
     */
    abstract void onWatermark(long watermarkNs);

    /**
     * The input of this node has gone idle, or become active again: a node with several inputs leaves idle ones
     * out of its watermark.
     *
     * @param isIdle true when idle.
     */
    void onIdle(final boolean isIdle)
    {
    }
}
