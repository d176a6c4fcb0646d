package io.streamflow.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;

/**
 * Child process for {@link TornTailTest}: appends entries, then dies half way through writing one more, as a node
 * does under {@code kill -9}.
 */
public final class HaltMidWrite
{
    private HaltMidWrite()
    {
    }

    /**
     * @param args journal directory and number of complete entries to write first.
     */
    public static void main(final String[] args)
    {
        final Journal journal = Journal.open(new File(args[0]), Journal.DEFAULT_ROLL_CYCLE);
        final int complete = Integer.parseInt(args[1]);
        TestEntries.appendRecords(journal, 0, complete);

        // The writer is open, as a node's is when it is killed: its mark says it did not close.
        final JournalWriter writer = journal.newWriter();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final int length = new TestEntries().encode(buffer, complete, 5_000, 7, complete, "never finished " + complete);
        final ExcerptAppender appender = journal.queue().createAppender();
        final DocumentContext dc = appender.writingDocument();
        dc.wire().bytes().write(buffer.byteArray(), 0, length / 2);
        Runtime.getRuntime().halt(null == writer ? 1 : 9);
    }
}
