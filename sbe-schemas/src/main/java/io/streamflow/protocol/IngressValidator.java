package io.streamflow.protocol;

import io.streamflow.protocol.IngressTemplate.Kind;
import io.streamflow.sbe.BooleanType;
import io.streamflow.sbe.JoinGroupDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.NewOrderDecoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.RecordDecoder;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Structural validation of an ingress message before anything decodes it: size, header, template, block and
 * variable-length data within bounds, enum fields within their valid values. A message that passes can be read by
 * the generated decoders without any bounds exception.
 * <p>
 * Stateless apart from its reused decoders; not thread safe: one instance per thread.
 */
public final class IngressValidator
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int VAR_LENGTH_FIELD_LENGTH = 4;
    private static final ByteOrder BYTE_ORDER = MessageHeaderDecoder.BYTE_ORDER;

    /** Shortest session timeout a member may ask for (Kafka's group.min.session.timeout.ms default is 6 s). */
    public static final int MIN_SESSION_TIMEOUT_MS = 100;

    /** Longest session timeout a member may ask for (Kafka's group.max.session.timeout.ms default: 30 min). */
    public static final int MAX_SESSION_TIMEOUT_MS = 30 * 60 * 1000;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final int maxMessageLength;

    /**
     * @param maxMessageLength longest message accepted, header included.
     */
    public IngressValidator(final int maxMessageLength)
    {
        if (maxMessageLength < HEADER_LENGTH)
        {
            throw new IllegalArgumentException("maxMessageLength must be at least " + HEADER_LENGTH);
        }
        this.maxMessageLength = maxMessageLength;
    }

    /**
     * @return longest message accepted, header included.
     */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * Validate one whole (reassembled) ingress message.
     *
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of the message.
     * @return null when the message is well formed, otherwise the reason to reject it.
     */
    public RejectReason validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > maxMessageLength)
        {
            return RejectReason.TOO_LARGE;
        }
        if (length < HEADER_LENGTH)
        {
            return RejectReason.TRUNCATED;
        }

        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return RejectReason.UNKNOWN_SCHEMA;
        }
        if (header.version() > MessageHeaderDecoder.SCHEMA_VERSION || header.version() < 1)
        {
            return RejectReason.UNSUPPORTED_VERSION;
        }

        final int templateId = header.templateId();
        final IngressTemplate template = IngressTemplate.of(templateId);
        if (null == template)
        {
            return RejectReason.UNKNOWN_TEMPLATE;
        }

        final int blockLength = header.blockLength();
        if (blockLength < template.blockLength(header.version()))
        {
            return RejectReason.MALFORMED;
        }
        if (length < HEADER_LENGTH + blockLength)
        {
            return RejectReason.TRUNCATED;
        }

        final int end = offset + length;
        int position = offset + HEADER_LENGTH + blockLength;
        int lastVarLength = 0;
        for (int i = 0, count = template.varFieldCount(header.version()); i < count; i++)
        {
            if (end - position < VAR_LENGTH_FIELD_LENGTH)
            {
                return RejectReason.TRUNCATED;
            }
            final long varLength = buffer.getInt(position, BYTE_ORDER) & 0xFFFF_FFFFL;
            position += VAR_LENGTH_FIELD_LENGTH;
            if (varLength > end - position)
            {
                return RejectReason.TRUNCATED;
            }
            position += (int)varLength;
            lastVarLength = (int)varLength;
        }

        if (position != end)
        {
            return RejectReason.MALFORMED;
        }

        if (Kind.GROUP == template.kind() && !isValidGroupName(buffer, position - lastVarLength, lastVarLength))
        {
            return RejectReason.INVALID_FIELD;
        }

        return validateFields(buffer, offset, template, blockLength);
    }

    /**
     * A group name (the last variable-length field of every group command): 1 to
     * {@link IngressTemplate#MAX_GROUP_NAME_LENGTH} printable ASCII characters.
     */
    private static boolean isValidGroupName(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > IngressTemplate.MAX_GROUP_NAME_LENGTH)
        {
            return false;
        }
        for (int i = offset; i < offset + length; i++)
        {
            final byte b = buffer.getByte(i);
            if (b <= ' ' || b > '~')
            {
                return false;
            }
        }
        return true;
    }

    private RejectReason validateFields(
        final DirectBuffer buffer, final int offset, final IngressTemplate template, final int blockLength)
    {
        if (template.isSequenced())
        {
            final long clientSequence = buffer.getLong(
                offset + HEADER_LENGTH + RecordDecoder.clientSequenceEncodingOffset(), BYTE_ORDER);
            if (clientSequence < 0)
            {
                return RejectReason.INVALID_FIELD;
            }
        }

        if (IngressTemplate.JOIN_GROUP == template)
        {
            final int sessionTimeoutMs = buffer.getInt(
                offset + HEADER_LENGTH + JoinGroupDecoder.sessionTimeoutMsEncodingOffset(), BYTE_ORDER);
            if (sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS || sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS)
            {
                return RejectReason.INVALID_FIELD;
            }
        }

        if (IngressTemplate.NEW_ORDER == template)
        {
            newOrder.wrap(buffer, offset + HEADER_LENGTH, blockLength, header.version());
            // Raw values: the generated enum lookups throw on values outside the schema.
            if (!isValidSide(newOrder.sideRaw()) ||
                !isValidOrderType(newOrder.orderTypeRaw()) ||
                !isValidTimeInForce(newOrder.timeInForceRaw()) ||
                !isValidBoolean(newOrder.postOnlyRaw()))
            {
                return RejectReason.INVALID_FIELD;
            }
        }

        return null;
    }

    private static boolean isValidSide(final short value)
    {
        return value == Side.BUY.value() || value == Side.SELL.value();
    }

    private static boolean isValidOrderType(final short value)
    {
        return value == OrderType.LIMIT.value() || value == OrderType.MARKET.value();
    }

    private static boolean isValidTimeInForce(final short value)
    {
        return value == TimeInForce.GTC.value() || value == TimeInForce.IOC.value() || value == TimeInForce.FOK.value();
    }

    private static boolean isValidBoolean(final short value)
    {
        return value == BooleanType.FALSE.value() || value == BooleanType.TRUE.value();
    }
}
