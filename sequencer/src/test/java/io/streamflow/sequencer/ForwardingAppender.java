package io.streamflow.sequencer;

import io.streamflow.journal.JournalAppender;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.sbe.journal.JournalEntryDecoder;
import org.agrona.MutableDirectBuffer;

/**
 * A journal appender that hands every call to the node's own writer: tests override what they watch or break.
 */
class ForwardingAppender implements JournalAppender
{
    final JournalAppender writer;

    ForwardingAppender(final JournalAppender writer)
    {
        this.writer = writer;
    }

    static long engineSequence(final MutableDirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, JournalEntryDecoder.BYTE_ORDER);
    }

    public boolean append(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        return writer.append(buffer, offset, length);
    }

    public int onIdle()
    {
        return writer.onIdle();
    }

    public void sync()
    {
        writer.sync();
    }

    public void close()
    {
        writer.close();
    }
}
