package io.streamflow.operators;

import io.streamflow.protocol.CommandView;
import org.agrona.DirectBuffer;

/**
 * The simplest operator: answers every sequenced command with an {@code Ack} (status {@code APPLIED}) to the client
 * that sent it, carrying the engine sequence it was journaled at.
 */
public final class AcknowledgingRouter implements Operator
{
    private final CommandView command = new CommandView();
    private final AckWriter ack = new AckWriter();

    /**
     * {@inheritDoc}
     */
    public void onCommand(
        final long engineSequence,
        final long timestampNs,
        final int partition,
        final long partitionOffset,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final EgressSink egress)
    {
        command.wrap(buffer, offset, length);
        ack.appended(egress, command.clientId(), command.clientSequence(), engineSequence, timestampNs, partition,
            partitionOffset);
    }
}
