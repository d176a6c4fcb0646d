package io.streamflow.stream;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * A detected pattern: the key, the timestamps of its first and last records, and how many records it took.
 */
public final class PatternMatch extends RecordView
{
    static final int LENGTH = 4 * Long.BYTES;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * {@inheritDoc}
     */
    public int length()
    {
        return LENGTH;
    }

    /**
     * @return the key the pattern was found for.
     */
    public long key()
    {
        return buffer.getLong(offset, ORDER);
    }

    /**
     * @return timestamp of the first record of the match.
     */
    public long startTimestamp()
    {
        return buffer.getLong(offset + 8, ORDER);
    }

    /**
     * @return timestamp of the last record of the match.
     */
    public long endTimestamp()
    {
        return buffer.getLong(offset + 16, ORDER);
    }

    /**
     * @return records that made up the match.
     */
    public long records()
    {
        return buffer.getLong(offset + 24, ORDER);
    }

    static void encode(final MutableDirectBuffer buffer, final long key, final long start, final long end,
        final long records)
    {
        buffer.putLong(0, key, ORDER);
        buffer.putLong(8, start, ORDER);
        buffer.putLong(16, end, ORDER);
        buffer.putLong(24, records, ORDER);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "match key=" + key() + " [" + startTimestamp() + ".." + endTimestamp() + "] records=" + records();
    }
}
