package io.streamflow.stream;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The result of one window for one key: the record a windowed aggregation emits.
 * <pre>
 *   0      8        16       24       32          36        40
 *   | key  | start  | end    | count  | valueCount | padding | value 0 | value 1 | ...
 * </pre>
 * Values are longs, or a double's raw bits where the aggregation says so.
 */
public final class WindowResult extends RecordView
{
    static final int KEY_OFFSET = 0;
    static final int START_OFFSET = KEY_OFFSET + Long.BYTES;
    static final int END_OFFSET = START_OFFSET + Long.BYTES;
    static final int COUNT_OFFSET = END_OFFSET + Long.BYTES;
    static final int VALUE_COUNT_OFFSET = COUNT_OFFSET + Long.BYTES;
    static final int VALUES_OFFSET = VALUE_COUNT_OFFSET + 2 * Integer.BYTES;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * @return the key the window is for.
     */
    public long key()
    {
        return buffer.getLong(offset + KEY_OFFSET, ORDER);
    }

    /**
     * @return start of the window, inclusive.
     */
    public long windowStart()
    {
        return buffer.getLong(offset + START_OFFSET, ORDER);
    }

    /**
     * @return end of the window, exclusive.
     */
    public long windowEnd()
    {
        return buffer.getLong(offset + END_OFFSET, ORDER);
    }

    /**
     * @return records in the window.
     */
    public long count()
    {
        return buffer.getLong(offset + COUNT_OFFSET, ORDER);
    }

    /**
     * @return number of values.
     */
    public int valueCount()
    {
        return buffer.getInt(offset + VALUE_COUNT_OFFSET, ORDER);
    }

    /**
     * @param index of the value, in the order the aggregations were declared.
     * @return the value as a long.
     */
    public long longValue(final int index)
    {
        return buffer.getLong(offset + VALUES_OFFSET + index * Long.BYTES, ORDER);
    }

    /**
     * @param index of the value.
     * @return the value as a double (for aggregations that produce doubles, such as the mean).
     */
    public double doubleValue(final int index)
    {
        return Double.longBitsToDouble(longValue(index));
    }

    static int encode(
        final MutableDirectBuffer buffer,
        final long key,
        final long start,
        final long end,
        final long count,
        final int valueCount)
    {
        buffer.putLong(KEY_OFFSET, key, ORDER);
        buffer.putLong(START_OFFSET, start, ORDER);
        buffer.putLong(END_OFFSET, end, ORDER);
        buffer.putLong(COUNT_OFFSET, count, ORDER);
        buffer.putInt(VALUE_COUNT_OFFSET, valueCount, ORDER);
        buffer.putInt(VALUE_COUNT_OFFSET + Integer.BYTES, 0, ORDER);
        return VALUES_OFFSET + valueCount * Long.BYTES;
    }

    static void putValue(final MutableDirectBuffer buffer, final int index, final long value)
    {
        buffer.putLong(VALUES_OFFSET + index * Long.BYTES, value, ORDER);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        final StringBuilder text = new StringBuilder("key=").append(key()).append(" [").append(windowStart())
            .append(',').append(windowEnd()).append(") count=").append(count()).append(" values=");
        for (int i = 0; i < valueCount(); i++)
        {
            text.append(i > 0 ? "," : "").append(longValue(i));
        }
        return text.toString();
    }
}
