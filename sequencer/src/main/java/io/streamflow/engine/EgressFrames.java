package io.streamflow.engine;

import io.streamflow.operators.EgressSink;
import org.agrona.MutableDirectBuffer;

/**
 * Writes egress frames into a slot's output buffer: the {@link EgressSink} given to operators.
 * <pre>
 *   0              4              8                                16
 *   | length (int) | kind (int)   | destination: clientId or output stream id | message (SBE, length bytes) | ...
 * </pre>
 * Not thread safe: used by the sequencer thread for its own replies and by the operator thread.
 */
final class EgressFrames implements EgressSink
{
    static final int LENGTH_OFFSET = 0;
    static final int KIND_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    static final int DESTINATION_OFFSET = KIND_OFFSET + Integer.BYTES;
    static final int HEADER_LENGTH = DESTINATION_OFFSET + Long.BYTES;

    /** The frame is for one client's session. */
    static final int TO_CLIENT = 0;
    /** The frame is for every subscriber of an output stream. */
    static final int TO_OUTPUT = 1;

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
        return claim(TO_CLIENT, clientId, maxLength);
    }

    /**
     * {@inheritDoc}
     */
    public int claimOutput(final int outputStreamId, final int maxLength)
    {
        return claim(TO_OUTPUT, outputStreamId, maxLength);
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

    private int claim(final int kind, final long destination, final int maxLength)
    {
        frameOffset = slot.outputLength;
        claimedLength = maxLength;
        final MutableDirectBuffer output = slot.output;
        output.checkLimit(frameOffset + HEADER_LENGTH + maxLength);
        output.putInt(frameOffset + KIND_OFFSET, kind);
        output.putLong(frameOffset + DESTINATION_OFFSET, destination);
        return frameOffset + HEADER_LENGTH;
    }
}
