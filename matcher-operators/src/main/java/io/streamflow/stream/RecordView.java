package io.streamflow.stream;

import org.agrona.DirectBuffer;

/**
 * The common part of a {@link Flyweight}: where the record it is over lies. Subclasses add the typed getters,
 * reading {@link #buffer} at {@link #offset}.
 */
public abstract class RecordView implements Flyweight
{
    /** Buffer of the record the view is over. */
    protected DirectBuffer buffer;
    /** Offset of the record in {@link #buffer}. */
    protected int offset;
    /** Length of the record, as wrapped. */
    protected int length;

    /**
     * {@inheritDoc}
     */
    public final void wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /**
     * {@inheritDoc}
     */
    public final DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * {@inheritDoc}
     */
    public final int offset()
    {
        return offset;
    }

    /**
     * {@inheritDoc}
     */
    public int length()
    {
        return length;
    }
}
