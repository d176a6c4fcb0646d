package io.streamflow.stream;

import org.agrona.MutableDirectBuffer;

/**
 * Writes the record a map step produces, given the record it takes.
 *
 * @param <V> record view taken.
 */
@FunctionalInterface
public interface RecordMapper<V>
{
    /**
     * @param in     record taken, valid during the call only.
     * @param out    buffer to encode the new record into, at offset 0.
     * @return length of the new record.
     */
    int map(V in, MutableDirectBuffer out);
}
