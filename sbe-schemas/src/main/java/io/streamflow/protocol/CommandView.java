package io.streamflow.protocol;

import io.streamflow.sbe.CancelOrderDecoder;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.DisconnectDecoder;
import io.streamflow.sbe.MassCancelDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.NewOrderDecoder;
import io.streamflow.sbe.RecordDecoder;
import io.streamflow.sbe.ReplaceOrderDecoder;
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
        if (!isSequenced(templateId()))
        {
            return NO_SEQUENCE;
        }

        // Every sequenced command has the client sequence right after the client id: checked by ProtocolLayoutTest.
        return buffer.getLong(
            offset + MessageHeaderDecoder.ENCODED_LENGTH + RecordDecoder.clientSequenceEncodingOffset(),
            RecordDecoder.BYTE_ORDER);
    }

    /**
     * Is the template one of the commands that are sequenced, journaled and deduplicated?
     *
     * @param templateId of an ingress message.
     * @return true for records and order commands, false for session control and unknown templates.
     */
    public static boolean isSequenced(final int templateId)
    {
        switch (templateId)
        {
            case RecordDecoder.TEMPLATE_ID:
            case NewOrderDecoder.TEMPLATE_ID:
            case CancelOrderDecoder.TEMPLATE_ID:
            case ReplaceOrderDecoder.TEMPLATE_ID:
            case MassCancelDecoder.TEMPLATE_ID:
                return true;

            default:
                return false;
        }
    }

    /**
     * Name of an ingress template for people and tools.
     *
     * @param templateId of an ingress message.
     * @return the message name, or "UNKNOWN".
     */
    public static String templateName(final int templateId)
    {
        switch (templateId)
        {
            case ConnectDecoder.TEMPLATE_ID:
                return "Connect";
            case DisconnectDecoder.TEMPLATE_ID:
                return "Disconnect";
            case RecordDecoder.TEMPLATE_ID:
                return "Record";
            case NewOrderDecoder.TEMPLATE_ID:
                return "NewOrder";
            case CancelOrderDecoder.TEMPLATE_ID:
                return "CancelOrder";
            case ReplaceOrderDecoder.TEMPLATE_ID:
                return "ReplaceOrder";
            case MassCancelDecoder.TEMPLATE_ID:
                return "MassCancel";
            default:
                return "UNKNOWN";
        }
    }
}
