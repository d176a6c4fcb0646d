package io.streamflow.stream;

/**
 * User logic of a keyed process step: sees each record with its key and the key's state, and emits what it wants.
 *
 * @param <V> record view.
 */
@FunctionalInterface
public interface KeyedProcessor<V>
{
    /**
     * @param key         of the record.
     * @param record      view, valid during the call only.
     * @param timestampNs its timestamp.
     * @param state       of all keys (values, maps; TTL and bounds applied).
     * @param out         where results go.
     */
    void onRecord(long key, V record, long timestampNs, KeyedState state, Emitter out);

    /**
     * Where a process step's results go: encode into {@link #buffer()} at offset 0, then {@link #emit}.
     */
    interface Emitter
    {
        /**
         * @return buffer to encode the next result into.
         */
        org.agrona.MutableDirectBuffer buffer();

        /**
         * @param length      of the encoded result.
         * @param timestampNs of the result.
         */
        void emit(int length, long timestampNs);
    }
}
