package io.streamflow.operators;

import io.streamflow.sbe.AckEncoder;
import io.streamflow.sbe.AckStatus;
import io.streamflow.sbe.MessageHeaderEncoder;

/**
 * Writes an {@code Ack} to the client that sent a command: {@code APPLIED} from the operators, {@code DUPLICATE} from
 * admission for a resend.
 * <p>
 * Not thread safe: one per operator.
 */
public final class AckWriter
{
    private static final int ACK_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + AckEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AckEncoder ack = new AckEncoder();

    /**
     * @param egress         to write to.
     * @param clientId       the command came from.
     * @param clientSequence of the command.
     * @param engineSequence it was journaled at.
     * @param timestampNs    its sequencing time.
     */
    public void applied(
        final EgressSink egress,
        final long clientId,
        final long clientSequence,
        final long engineSequence,
        final long timestampNs)
    {
        acknowledge(egress, clientId, clientSequence, engineSequence, timestampNs, AckStatus.APPLIED);
    }

    /**
     * @param egress         to write to.
     * @param clientId       the command came from.
     * @param clientSequence of the command.
     * @param engineSequence it was journaled at.
     * @param timestampNs    of the answer: its sequencing time, or for a duplicate the time it was recognised.
     * @param status         of the command.
     */
    public void acknowledge(
        final EgressSink egress,
        final long clientId,
        final long clientSequence,
        final long engineSequence,
        final long timestampNs,
        final AckStatus status)
    {
        final int offset = egress.claim(clientId, ACK_LENGTH);
        ack.wrapAndApplyHeader(egress.buffer(), offset, header)
            .clientId(clientId)
            .clientSequence(clientSequence)
            .engineSequence(engineSequence)
            .timestampNs(timestampNs)
            .status(status);
        egress.commit(ACK_LENGTH);
    }
}
