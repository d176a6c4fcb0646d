package io.streamflow.client;

import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.CreateStreamEncoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A {@code CreateStream} command (docs/log.md), to send with {@link StreamFlowClient#offerCommand}; or let
 * {@link StreamFlowClient#createStream} send it and wait for the answer. The node checks it again against its
 * streams: a name or id it has is refused {@code STREAM_EXISTS}.
 */
public final class CreateStreamCommand implements CommandWriter
{
    /** {@link #streamId()} that lets the node pick the id: one more than its highest. */
    public static final int NEXT_FREE_ID = 0;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final CreateStreamEncoder encoder = new CreateStreamEncoder();
    private final byte[] name;
    private final int streamId;
    private final int partitions;

    /**
     * @param name       of the new stream: 1 to 249 of {@code [A-Za-z0-9._-]}.
     * @param partitions of the new stream: 1 to {@link StreamCatalog#MAX_PARTITIONS}.
     * @param streamId   of the new stream, or {@link #NEXT_FREE_ID}.
     * @throws IllegalArgumentException when the stream could not be one ({@link StreamCatalog#faultOf}).
     */
    public CreateStreamCommand(final String name, final int partitions, final int streamId)
    {
        final String fault = StreamCatalog.faultOf(name, NEXT_FREE_ID == streamId ? 1 : streamId, partitions);
        if (null != fault)
        {
            throw new IllegalArgumentException(fault);
        }
        this.name = name.getBytes(StandardCharsets.US_ASCII);
        this.streamId = streamId;
        this.partitions = partitions;
    }

    /**
     * @return the id asked for, or {@link #NEXT_FREE_ID}.
     */
    public int streamId()
    {
        return streamId;
    }

    /**
     * @return the name of the stream.
     */
    public String name()
    {
        return new String(name, StandardCharsets.US_ASCII);
    }

    /**
     * {@inheritDoc}
     */
    public int length()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + CreateStreamEncoder.BLOCK_LENGTH +
            CreateStreamEncoder.nameHeaderLength() + name.length;
    }

    /**
     * {@inheritDoc}
     */
    public void write(
        final MutableDirectBuffer buffer, final int offset, final long clientId, final long clientSequence)
    {
        encoder.wrapAndApplyHeader(buffer, offset, header)
            .clientId(clientId)
            .clientSequence(clientSequence)
            .streamId(streamId)
            .partitions(partitions)
            .putName(name, 0, name.length);
    }
}
