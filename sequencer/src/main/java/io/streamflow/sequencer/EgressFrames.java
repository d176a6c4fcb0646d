package io.streamflow.sequencer;

import io.streamflow.operators.EgressSink;
import org.agrona.MutableDirectBuffer;

/**
 * Writes egress frames into a slot's output buffer: the {@link EgressSink} given to operators.
 * <pre>
 *   0              4                       12
 *   | length (int) | destination clientId  | message (SBE, length bytes) | next frame ...
 * </pre>
 * Not thread safe: used by the sequencer thread for its own replies and by the operator thread.
 */
final class EgressFrames implements EgressSink
{
    static final int LENGTH_OFFSET = 0;
    static final int DESTINATION_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    static final int HEADER_LENGTH = DESTINATION_OFFSET + Long.BYTES;

    private RingSlot slot;
    private int frameOffset;
    private int claimedLength;

    EgressFrames wrap(final RingSlot slot)
    {
        this.slot = slot;
        this.claimedLength = -1;
        return this;
    }

    /**
     * {@inheritDoc}
     */
    public int claim(final long clientId, final int maxLength)
    {
        frameOffset = slot.outputLength;
        claimedLength = maxLength;
        final MutableDirectBuffer output = slot.output;
        output.checkLimit(frameOffset + HEADER_LENGTH + maxLength);
        output.putLong(frameOffset + DESTINATION_OFFSET, clientId);
        return frameOffset + HEADER_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public MutableDirectBuffer buffer()
    {
        return slot.output;
    }

    /**
     * {@inheritDoc}
     */
    public void commit(final int length)
    {
        if (length < 0 || length > claimedLength)
        {
            throw new IllegalArgumentException("committed " + length + " bytes of a " + claimedLength + " byte claim");
        }
        slot.output.putInt(frameOffset + LENGTH_OFFSET, length);
        slot.outputLength = frameOffset + HEADER_LENGTH + length;
        claimedLength = -1;
    }
}
