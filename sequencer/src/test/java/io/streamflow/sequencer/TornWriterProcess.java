package io.streamflow.sequencer;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalWriter;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Child process: opens a node's journal as its writer would, starts an entry, writes half of it, and dies, leaving a
 * torn tail exactly as a node killed mid-append does.
 */
public final class TornWriterProcess
{
    private TornWriterProcess()
    {
    }

    /**
     * @param args journal directory.
     */
    public static void main(final String[] args)
    {
        // A node's journal writer is open when it is killed: its mark says it did not close.
        final JournalWriter writer = Journal.open(new java.io.File(args[0]), Journal.DEFAULT_ROLL_CYCLE).newWriter();
        final SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(args[0]).build();
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext dc = appender.writingDocument();
        final byte[] half = new byte[40];
        java.util.Arrays.fill(half, (byte)0x33);
        dc.wire().bytes().write(half, 0, half.length);
        Runtime.getRuntime().halt(null == writer ? 1 : 9);
    }
}
