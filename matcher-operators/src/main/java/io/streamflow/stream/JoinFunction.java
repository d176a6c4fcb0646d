package io.streamflow.stream;

import org.agrona.MutableDirectBuffer;

/**
 * Encodes the record a join emits for one matching pair.
 *
 * @param <A> left record view.
 * @param <B> right record view.
 */
@FunctionalInterface
public interface JoinFunction<A, B>
{
    /**
     * @param key   both records share.
     * @param left  record, valid during the call only.
     * @param right record, valid during the call only.
     * @param out   buffer to encode the joined record into, at offset 0.
     * @return length of the joined record.
     */
    int join(long key, A left, B right, MutableDirectBuffer out);
}
