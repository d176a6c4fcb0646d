package io.streamflow.engine;

import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;

/**
 * Last stage: hands each slot's session event and egress frames, in engine order, to the front door's
 * {@link Egress}. A frame the egress cannot take now holds the slot, and every later one, until it can; the frames
 * of the slot already taken are not offered again.
 * <p>
 * Not thread safe: runs on the egress thread.
 */
final class EgressStage implements Agent, SlotHandler
{
    private final RingConsumer consumer;
    private final Egress egress;
    private long slotInProgress = -1;
    private int frameOffset;

    EgressStage(final RingConsumer consumer, final Egress egress)
    {
        this.consumer = consumer;
        this.egress = egress;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-egress";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return egress.doWork() + consumer.poll(this);
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        CloseHelper.close(egress);
    }

    /**
     * {@inheritDoc}
     */
    public boolean onSlot(final RingSlot slot, final long ringSequence)
    {
        if (ringSequence != slotInProgress)
        {
            slotInProgress = ringSequence;
            frameOffset = 0;
            if (RingSlot.CONNECT == slot.type)
            {
                egress.onConnect(
                    slot.clientId, slot.sessionId, slot.entry, 0, slot.entryLength, slot.lastClientSequence,
                    slot.refusal);
            }
            else if (RingSlot.DISCONNECT == slot.type)
            {
                egress.onDisconnect(slot.clientId);
            }
        }

        final ExpandableArrayBuffer output = slot.output;
        while (frameOffset < slot.outputLength)
        {
            final int length = output.getInt(frameOffset + EgressFrames.LENGTH_OFFSET);
            final long destination = output.getLong(frameOffset + EgressFrames.DESTINATION_OFFSET);
            final int messageOffset = frameOffset + EgressFrames.HEADER_LENGTH;
            final boolean done = EgressFrames.TO_OUTPUT == output.getInt(frameOffset + EgressFrames.KIND_OFFSET) ?
                egress.sendToOutput((int)destination, output, messageOffset, length) :
                egress.sendToClient(destination, output, messageOffset, length);
            if (!done)
            {
                return false;
            }
            frameOffset += EgressFrames.HEADER_LENGTH + length;
        }

        return true;
    }
}
