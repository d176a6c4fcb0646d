package io.streamflow.stream;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads what a {@link StateWriter} wrote, refusing to read past the end.
 */
public final class StateReader
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private final DirectBuffer buffer;
    private final int end;
    private int position;

    StateReader(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    /**
     * @return the next long.
     */
    public long getLong()
    {
        need(Long.BYTES);
        final long value = buffer.getLong(position, ORDER);
        position += Long.BYTES;
        return value;
    }

    /**
     * @return the next int.
     */
    public int getInt()
    {
        need(Integer.BYTES);
        final int value = buffer.getInt(position, ORDER);
        position += Integer.BYTES;
        return value;
    }

    /**
     * @return the next boolean.
     */
    public boolean getBoolean()
    {
        need(1);
        return 0 != buffer.getByte(position++);
    }

    /**
     * @return length of the next bytes; they start at {@link #position()} and are skipped by {@link #skip(int)}.
     */
    public int getBytesLength()
    {
        final int length = getInt();
        need(length);
        return length;
    }

    /**
     * @return the next bytes, as a new array.
     */
    public byte[] getBytes()
    {
        final int length = getBytesLength();
        final byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return bytes;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    int position()
    {
        return position;
    }

    void skip(final int length)
    {
        need(length);
        position += length;
    }

    int remaining()
    {
        return end - position;
    }

    private void need(final int length)
    {
        if (length < 0 || end - position < length)
        {
            throw new IllegalArgumentException("snapshot truncated at offset " + position);
        }
    }
}
