package io.streamflow.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;

/**
 * Appends sealed entries to the journal. An entry becomes visible to every reader, in any process, at once and
 * whole: Chronicle publishes a document's header only after its bytes.
 * <p>
 * Not thread safe: used only by the journal stage's thread.
 */
public final class JournalWriter implements AutoCloseable
{
    private final ExcerptAppender appender;
    private final JournalChecksum checksum = new JournalChecksum();

    JournalWriter(final ExcerptAppender appender)
    {
        this.appender = appender;
        // One writer thread is this class's contract; Chronicle's per-call check of it costs ~14% of an append.
        appender.singleThreadedCheckDisabled(true);
    }

    /**
     * Compute the entry's checksum into it, then append it.
     *
     * @param buffer holding the encoded entry.
     * @param offset of the entry.
     * @param length of the entry.
     */
    public void append(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        checksum.seal(buffer, offset, length);

        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final byte[] array = buffer.byteArray();
            if (null != array)
            {
                bytes.write(array, (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
            }
            else
            {
                bytes.unsafeWrite(buffer.addressOffset() + offset, length);
            }
        }
    }

    /**
     * Chronicle index of the last entry appended. Not free (Chronicle may scan for it): off the hot path only.
     *
     * @return the index.
     */
    public long lastIndexAppended()
    {
        return appender.lastIndexAppended();
    }

    /**
     * Release the appender.
     */
    public void close()
    {
        appender.close();
    }
}
