package io.streamflow.client;

import io.streamflow.sbe.RejectReason;
import org.agrona.DirectBuffer;

/**
 * Receives what the node sends this client, from {@link StreamFlowClient#poll}. Called on the polling thread.
 */
public interface EgressListener
{
    /**
     * A command was sequenced and journaled, or was a resend of one that was.
     *
     * @param clientSequence of the command.
     * @param engineSequence it was journaled at (for a duplicate: where the original was).
     * @param timestampNs    sequencing time.
     * @param duplicate      true when this was a resend, not applied again.
     */
    void onAck(long clientSequence, long engineSequence, long timestampNs, boolean duplicate);

    /**
     * An ack with where a record was appended; what the client calls. By default it passes on to
     * {@link #onAck(long, long, long, boolean)}: a listener that wants the partition and offset overrides this one.
     *
     * @param clientSequence  of the command.
     * @param engineSequence  it was journaled at (for a duplicate: where the original was).
     * @param timestampNs     sequencing time.
     * @param duplicate       true when this was a resend, not applied again.
     * @param partition       of its stream a record went to; -1 for other commands, for a duplicate, and from a node
     *                        that predates partitions.
     * @param partitionOffset of the record in its partition; -1 where the partition is.
     */
    default void onAck(
        final long clientSequence,
        final long engineSequence,
        final long timestampNs,
        final boolean duplicate,
        final int partition,
        final long partitionOffset)
    {
        onAck(clientSequence, engineSequence, timestampNs, duplicate);
    }

    /**
     * A message was refused; nothing was applied.
     *
     * @param clientSequence     of the command, -1 when the node could not read it.
     * @param reason             why.
     * @param rejectedTemplateId template of the refused message, 0 when unreadable.
     * @param detail             for people.
     */
    void onReject(long clientSequence, RejectReason reason, int rejectedTemplateId, String detail);

    /**
     * Any other message for this client (execution reports, results of operators).
     *
     * @param templateId of the message.
     * @param buffer     holding it, valid during the call only.
     * @param offset     of its SBE header.
     * @param length     of the message.
     */
    default void onMessage(final int templateId, final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
