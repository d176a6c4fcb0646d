package io.streamflow.stream;

/**
 * The end of a pipeline branch: receives its records.
 *
 * @param <V> record view.
 */
@FunctionalInterface
public interface RecordSink<V>
{
    /**
     * @param record      view, valid during the call only.
     * @param timestampNs its timestamp.
     */
    void onRecord(V record, long timestampNs);
}
