package io.streamflow.operators;

import io.streamflow.protocol.CommandView;
import io.streamflow.sbe.AckEncoder;
import io.streamflow.sbe.AckStatus;
import io.streamflow.sbe.MessageHeaderEncoder;
import org.agrona.DirectBuffer;

/**
 * The simplest operator: answers every sequenced command with an {@code Ack} (status {@code APPLIED}) to the client
 * that sent it, carrying the engine sequence it was journaled at.
 */
public final class AcknowledgingRouter implements Operator
{
    private static final int ACK_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + AckEncoder.BLOCK_LENGTH;

    private final CommandView command = new CommandView();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AckEncoder ack = new AckEncoder();

    /**
     * {@inheritDoc}
     */
    public void onCommand(
        final long engineSequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final EgressSink egress)
    {
        command.wrap(buffer, offset, length);
        final long clientId = command.clientId();
        final int ackOffset = egress.claim(clientId, ACK_LENGTH);

        ack.wrapAndApplyHeader(egress.buffer(), ackOffset, header)
            .clientId(clientId)
            .clientSequence(command.clientSequence())
            .engineSequence(engineSequence)
            .timestampNs(timestampNs)
            .status(AckStatus.APPLIED);
        egress.commit(ACK_LENGTH);
    }
}
