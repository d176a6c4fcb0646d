package io.streamflow.protocol;

import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RecordDecoder;
import org.agrona.DirectBuffer;

/**
 * Flyweight over any ingress command that reads the fields every command shares: template, client id and client
 * sequence. The message must already have passed {@link IngressValidator}.
 * <p>
 * Not thread safe: one instance per thread.
 */
public final class CommandView
{
    /** Client sequence reported for commands that carry none (connect, disconnect). */
    public static final long NO_SEQUENCE = -1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wrap a validated ingress message.
     *
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of the whole message.
     * @return this for a fluent API.
     */
    public CommandView wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        header.wrap(buffer, offset);
        return this;
    }

    /**
     * @return template id of the command.
     */
    public int templateId()
    {
        return header.templateId();
    }

    /**
     * @return length of the whole message, header included.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return client id the command was sent with.
     */
    public long clientId()
    {
        // Every ingress command starts its block with the client id: checked by ProtocolLayoutTest.
        return buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH, RecordDecoder.BYTE_ORDER);
    }

    /**
     * @return client sequence of a sequenced command, or {@link #NO_SEQUENCE}.
     */
    public long clientSequence()
    {
        if (!IngressTemplate.isSequenced(templateId()))
        {
            return NO_SEQUENCE;
        }

        // Every sequenced command has the client sequence right after the client id: checked by ProtocolLayoutTest.
        return buffer.getLong(
            offset + MessageHeaderDecoder.ENCODED_LENGTH + RecordDecoder.clientSequenceEncodingOffset(),
            RecordDecoder.BYTE_ORDER);
    }
}
