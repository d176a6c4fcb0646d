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
