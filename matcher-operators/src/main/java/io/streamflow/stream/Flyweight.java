package io.streamflow.stream;

import org.agrona.DirectBuffer;

/**
 * A typed view over an encoded record: the way pipelines read records without copying or allocating. The same
 * instance is wrapped over each record in turn.
 */
public interface Flyweight
{
    /**
     * Point the view at a record.
     *
     * @param buffer holding the record.
     * @param offset of the record.
     * @param length of the record.
     */
    void wrap(DirectBuffer buffer, int offset, int length);

    /**
     * @return buffer of the record the view is over.
     */
    DirectBuffer buffer();

    /**
     * @return offset of the record in {@link #buffer()}.
     */
    int offset();

    /**
     * @return length of the record.
     */
    int length();
}
