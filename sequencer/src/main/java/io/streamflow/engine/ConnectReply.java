package io.streamflow.engine;

import io.streamflow.protocol.RejectReasons;
import io.streamflow.sbe.ConnectAckEncoder;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RejectEncoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.MutableDirectBuffer;

/**
 * The answer to a Connect, as every front door sends it: a ConnectAck with the client's resend point and the largest
 * message the node takes, or a Reject of the Connect with the reason.
 * <p>
 * Not thread safe.
 */
public final class ConnectReply
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ConnectAckEncoder connectAck = new ConnectAckEncoder();
    private final RejectEncoder reject = new RejectEncoder();

    /**
     * @param buffer             to encode into, at offset 0; 256 bytes are enough.
     * @param clientId           that connected.
     * @param lastClientSequence highest client sequence applied for it, -1 for none.
     * @param maxMessageLength   the node takes.
     * @param refusal            null when admitted, else why not.
     * @return length of the answer.
     */
    public int encode(
        final MutableDirectBuffer buffer,
        final long clientId,
        final long lastClientSequence,
        final int maxMessageLength,
        final RejectReason refusal)
    {
        if (null == refusal)
        {
            connectAck.wrapAndApplyHeader(buffer, 0, header)
                .clientId(clientId)
                .lastClientSequence(lastClientSequence)
                .maxMessageLength(maxMessageLength);
            return MessageHeaderEncoder.ENCODED_LENGTH + connectAck.encodedLength();
        }

        reject.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .clientSequence(-1)
            .reason(refusal)
            .rejectedTemplateId(ConnectDecoder.TEMPLATE_ID)
            .detail(RejectReasons.describe(refusal));
        return MessageHeaderEncoder.ENCODED_LENGTH + reject.encodedLength();
    }
}
