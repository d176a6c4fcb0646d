package io.streamflow.operators;

import io.streamflow.sbe.AckEncoder;
import io.streamflow.sbe.AckStatus;
import io.streamflow.sbe.MessageHeaderEncoder;

/**
 * Writes an {@code Ack} to the client that sent a command: {@code APPLIED} from the operators (for a record with the
 * partition and offset it was appended at), {@code DUPLICATE} from admission for a resend.
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
        write(egress, clientId, clientSequence, engineSequence, timestampNs, AckStatus.APPLIED,
            AckEncoder.partitionNullValue(), AckEncoder.partitionOffsetNullValue());
    }

    /**
     * A record was appended to its stream: the ack says where (for any other command, both -1: as {@link #applied}).
     *
     * @param egress          to write to.
     * @param clientId        the record came from.
     * @param clientSequence  of the record.
     * @param engineSequence  it was journaled at.
     * @param timestampNs     its sequencing time.
     * @param partition       of its stream it went to.
     * @param partitionOffset its offset there.
     */
    public void appended(
        final EgressSink egress,
        final long clientId,
        final long clientSequence,
        final long engineSequence,
        final long timestampNs,
        final int partition,
        final long partitionOffset)
    {
        write(egress, clientId, clientSequence, engineSequence, timestampNs, AckStatus.APPLIED, partition,
            partitionOffset);
    }

    /**
     * @param egress         to write to.
     * @param clientId       the command came from.
     * @param clientSequence of the command.
     * @param engineSequence it was journaled at.
     * @param timestampNs    of the answer: its sequencing time, or for a duplicate the time it was recognised.
     * @param status         of the command; a duplicate's ack carries no partition or offset.
     */
    public void acknowledge(
        final EgressSink egress,
        final long clientId,
        final long clientSequence,
        final long engineSequence,
        final long timestampNs,
        final AckStatus status)
    {
        write(egress, clientId, clientSequence, engineSequence, timestampNs, status, AckEncoder.partitionNullValue(),
            AckEncoder.partitionOffsetNullValue());
    }

    private void write(
        final EgressSink egress,
        final long clientId,
        final long clientSequence,
        final long engineSequence,
        final long timestampNs,
        final AckStatus status,
        final int partition,
        final long partitionOffset)
    {
        final int offset = egress.claim(clientId, ACK_LENGTH);
        ack.wrapAndApplyHeader(egress.buffer(), offset, header)
            .clientId(clientId)
            .clientSequence(clientSequence)
            .engineSequence(engineSequence)
            .timestampNs(timestampNs)
            .status(status)
            .partition(partition)
            .partitionOffset(partitionOffset);
        egress.commit(ACK_LENGTH);
    }
}
