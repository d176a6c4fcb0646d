package io.streamflow.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;

import static io.streamflow.sbe.journal.JournalEntryDecoder.BYTE_ORDER;

/**
 * Appends sealed entries to the journal. An entry becomes visible to every reader, in any process, at once and
 * whole: Chronicle publishes a document's header only after its bytes.
 * <p>
 * Idempotent by engine sequence ({@link JournalAppender}): the writer knows the last engine sequence in the journal
 * and skips an entry at or below it. After an append that threw, where the entry may or may not have been published,
 * the next append first reads the journal's last entry to know.
 * <p>
 * Not thread safe: used only by the journal stage's thread.
 */
public final class JournalWriter implements JournalAppender
{
    private final Journal journal;
    private final ExcerptAppender appender;
    private final JournalMark mark;
    private final JournalChecksum checksum = new JournalChecksum();
    private long lastSequence;
    private boolean isInDoubt;

    JournalWriter(final Journal journal, final ExcerptAppender appender)
    {
        this.journal = journal;
        this.appender = appender;
        this.lastSequence = journal.lastEngineSequence();
        this.mark = JournalMark.openForWriter(journal.directory(), lastSequence);
        // One writer thread is this class's contract; Chronicle's per-call check of it costs ~14% of an append.
        appender.singleThreadedCheckDisabled(true);
    }

    /**
     * {@inheritDoc}
     */
    public boolean append(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (isInDoubt)
        {
            lastSequence = journal.lastEngineSequence();
            isInDoubt = false;
        }
        final long engineSequence = buffer.getLong(offset + JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, BYTE_ORDER);
        if (engineSequence <= lastSequence)
        {
            return false;
        }

        checksum.seal(buffer, offset, length);
        isInDoubt = true;
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final byte[] array = buffer.byteArray();
            try
            {
                if (null != array)
                {
                    bytes.write(array, (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
                }
                else
                {
                    bytes.unsafeWrite(buffer.addressOffset() + offset, length);
                }
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose();
                throw ex;
            }
        }
        isInDoubt = false;
        lastSequence = engineSequence;
        mark.onAppended(engineSequence);

        return true;
    }

    /**
     * @return engine sequence of the last entry in the journal as this writer knows it, -1 for none.
     */
    public long lastSequence()
    {
        return lastSequence;
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
        mark.close();
    }
}
