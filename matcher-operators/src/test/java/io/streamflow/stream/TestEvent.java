package io.streamflow.stream;

import org.agrona.MutableDirectBuffer;

/**
 * A telemetry-like test record: id, timestamp, key, value.
 */
final class TestEvent extends RecordView
{
    static final int LENGTH = 32;

    public int length()
    {
        return LENGTH;
    }

    long id()
    {
        return buffer.getLong(offset);
    }

    long timestamp()
    {
        return buffer.getLong(offset + 8);
    }

    long key()
    {
        return buffer.getLong(offset + 16);
    }

    long value()
    {
        return buffer.getLong(offset + 24);
    }

    static int encode(final MutableDirectBuffer buffer, final long id, final long timestamp, final long key,
        final long value)
    {
        buffer.putLong(0, id);
        buffer.putLong(8, timestamp);
        buffer.putLong(16, key);
        buffer.putLong(24, value);
        return LENGTH;
    }

    record Event(long id, long timestamp, long key, long value)
    {
    }
}
