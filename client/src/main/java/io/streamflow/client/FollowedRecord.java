package io.streamflow.client;

import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.PartitionRecordDecoder;
import org.agrona.DirectBuffer;

/**
 * A record of a followed stream as the log server sent it: where it sits in the log (stream, partition, offset,
 * engine sequence, append time), who produced it, and its key and payload, in the buffer it arrived in.
 * A flyweight: valid during {@link FollowListener#onRecord} only.
 */
public final class FollowedRecord
{
    private final PartitionRecordDecoder decoder = new PartitionRecordDecoder();
    private DirectBuffer buffer;
    private int keyOffset;
    private int keyLength;
    private int payloadOffset;
    private int payloadLength;

    FollowedRecord wrap(final DirectBuffer buffer, final int offset, final MessageHeaderDecoder header)
    {
        this.buffer = buffer;
        decoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        keyLength = decoder.keyLength();
        keyOffset = decoder.limit() + PartitionRecordDecoder.keyHeaderLength();
        decoder.skipKey();
        payloadLength = decoder.payloadLength();
        payloadOffset = decoder.limit() + PartitionRecordDecoder.payloadHeaderLength();
        decoder.skipPayload();
        return this;
    }

    /**
     * @return the follow's correlation id.
     */
    public long correlationId()
    {
        return decoder.correlationId();
    }

    /**
     * @return stream of the record.
     */
    public int streamId()
    {
        return decoder.streamId();
    }

    /**
     * @return partition of the record.
     */
    public int partition()
    {
        return decoder.partition();
    }

    /**
     * @return offset of the record in its partition.
     */
    public long partitionOffset()
    {
        return decoder.partitionOffset();
    }

    /**
     * @return engine sequence of the record: its place in the node's global order.
     */
    public long engineSequence()
    {
        return decoder.engineSequence();
    }

    /**
     * @return append time, nanoseconds since the epoch.
     */
    public long timestampNs()
    {
        return decoder.timestampNs();
    }

    /**
     * @return the producer's client id.
     */
    public long clientId()
    {
        return decoder.clientId();
    }

    /**
     * @return the producer's client sequence.
     */
    public long clientSequence()
    {
        return decoder.clientSequence();
    }

    /**
     * @return the producer's event time, nanoseconds since the epoch.
     */
    public long eventTimestampNs()
    {
        return decoder.eventTimestampNs();
    }

    /**
     * @return the buffer holding key and payload.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the key in {@link #buffer()}.
     */
    public int keyOffset()
    {
        return keyOffset;
    }

    /**
     * @return length of the key, 0 for none.
     */
    public int keyLength()
    {
        return keyLength;
    }

    /**
     * @return offset of the payload in {@link #buffer()}.
     */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    /**
     * @return length of the payload.
     */
    public int payloadLength()
    {
        return payloadLength;
    }
}
