package io.streamflow.stream;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;

/**
 * Appends operator state to a growing buffer, little-endian, for snapshots.
 */
public final class StateWriter
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private final ExpandableArrayBuffer buffer;
    private int position;

    StateWriter(final ExpandableArrayBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.position = offset;
    }

    /**
     * @param value to append.
     */
    public void putLong(final long value)
    {
        buffer.putLong(position, value, ORDER);
        position += Long.BYTES;
    }

    /**
     * @param value to append.
     */
    public void putInt(final int value)
    {
        buffer.putInt(position, value, ORDER);
        position += Integer.BYTES;
    }

    /**
     * @param value to append.
     */
    public void putBoolean(final boolean value)
    {
        buffer.putByte(position++, (byte)(value ? 1 : 0));
    }

    /**
     * Append a length, then the bytes.
     *
     * @param source holding the bytes.
     * @param offset of the bytes.
     * @param length of the bytes.
     */
    public void putBytes(final DirectBuffer source, final int offset, final int length)
    {
        putInt(length);
        buffer.putBytes(position, source, offset, length);
        position += length;
    }

    /**
     * Append a length, then the bytes.
     *
     * @param bytes to append.
     */
    public void putBytes(final byte[] bytes)
    {
        putInt(bytes.length);
        buffer.putBytes(position, bytes);
        position += bytes.length;
    }

    int position()
    {
        return position;
    }

    ExpandableArrayBuffer buffer()
    {
        return buffer;
    }
}
