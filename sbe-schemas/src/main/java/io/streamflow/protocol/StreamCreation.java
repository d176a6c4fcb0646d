package io.streamflow.protocol;

import io.streamflow.sbe.CreateStreamDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

/**
 * Reads the {@code CreateStream} commands among a journal's commands, for every reader that keeps the node's streams
 * from the journal (the engine's partition offsets, the log server's partition table): the journaled copy of a
 * creation names the id admission gave the stream.
 * <p>
 * Not thread safe: one per reader.
 */
public final class StreamCreation
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CreateStreamDecoder createStream = new CreateStreamDecoder();
    private String name;

    /**
     * Allocation free but for a creation.
     *
     * @param buffer holding a valid ingress command.
     * @param offset of its header.
     * @return true when it is a {@code CreateStream}, whose stream {@link #name()}, {@link #streamId()} and
     * {@link #partitions()} then give.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        if (MessageHeaderDecoder.SCHEMA_ID != header.schemaId() ||
            CreateStreamDecoder.TEMPLATE_ID != header.templateId())
        {
            return false;
        }
        createStream.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
        name = createStream.name();
        return true;
    }

    /**
     * @return the stream's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the stream's id.
     */
    public int streamId()
    {
        return createStream.streamId();
    }

    /**
     * @return the stream's partition count.
     */
    public int partitions()
    {
        return createStream.partitions();
    }

    /**
     * @param catalog the streams before the command wrapped.
     * @return the streams after it: with its stream, or the same catalog when that has its name or id already.
     */
    public StreamCatalog applyTo(final StreamCatalog catalog)
    {
        return catalog.withIfNew(name, streamId(), partitions());
    }
}
