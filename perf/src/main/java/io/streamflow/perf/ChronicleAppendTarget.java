package io.streamflow.perf;

import io.streamflow.client.EgressListener;
import io.streamflow.client.load.LoadTarget;
import io.streamflow.engine.BackgroundThread;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalPrefaulter;
import io.streamflow.journal.ReadAheadOff;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.util.MicroTouched;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.util.function.Consumer;

/**
 * The journal's floor: each message appended to a bare Chronicle Queue (no framing or checksum), answered as soon as
 * the append returns. Driven by the same {@code LoadGenerator} as StreamFlow, so its latency is intended send time to
 * append done, on the load thread. How the queue is set up is a {@link Setup}: Chronicle's defaults, StreamFlow's, or
 * one lever at a time ({@link JournalLevers}).
 */
final class ChronicleAppendTarget implements LoadTarget, AutoCloseable
{
    /**
     * How the bare queue is built and written.
     *
     * @param name         short id.
     * @param description  for people.
     * @param builder      applied to Chronicle's builder before it builds.
     * @param readAheadOff whether each mapped chunk gets {@link ReadAheadOff}, as the journal writer does.
     * @param microTouch   whether an idle load thread touches the next page (Chronicle's micro-touch), as the
     *                     journal stage does.
     * @param prefault     whether a thread of its own faults in the pages ahead of the writer
     *                     ({@link JournalPrefaulter}), as a node does.
     */
    record Setup(
        String name,
        String description,
        Consumer<SingleChronicleQueueBuilder> builder,
        boolean readAheadOff,
        boolean microTouch,
        boolean prefault)
    {
    }

    /** Chronicle Queue as it comes. */
    static final Setup DEFAULTS = new Setup("defaults", "Chronicle Queue's defaults", (b) -> { }, false, false, false);
    /** What StreamFlow's journal does to its queue. */
    static final Setup AS_STREAMFLOW = new Setup("streamflow",
        "as StreamFlow's journal: read-ahead off, micro-touch, prefaulter",
        (b) -> b.rollCycle(Journal.DEFAULT_ROLL_CYCLE), true, true, true);

    private final File dir;
    private final Setup setup;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ReadAheadOff readAheadOff = new ReadAheadOff();
    private final JournalPrefaulter prefaulter = new JournalPrefaulter();
    private final BackgroundThread prefaulterThread;
    private final UnsafeBuffer entry = new UnsafeBuffer(BufferUtil.allocateDirectAligned(4096, 64));
    private long nextSequence;
    private long appendedUpTo = -1;
    private long answeredUpTo = -1;

    ChronicleAppendTarget(final File dir, final Setup setup)
    {
        this.dir = dir;
        this.setup = setup;
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir);
        setup.builder().accept(builder);
        this.queue = builder.build();
        this.appender = queue.createAppender();
        this.prefaulterThread = setup.prefault() ? BackgroundThread.startPrefaulter(
            prefaulter, Throwable::printStackTrace, System.getLogger(ChronicleAppendTarget.class.getName())) : null;
    }

    /**
     * {@inheritDoc}
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * {@inheritDoc}
     */
    public long offer(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final long sendTimeNs)
    {
        final int length = Long.BYTES + keyLength + payloadLength;
        entry.putLong(0, nextSequence);
        entry.putBytes(Long.BYTES, key, keyOffset, keyLength);
        entry.putBytes(Long.BYTES + keyLength, payload, payloadOffset, payloadLength);
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.unsafeWrite(entry.addressOffset(), length);
            if (setup.readAheadOff())
            {
                readAheadOff.onWriteTo(bytes.bytesStore());
            }
            if (setup.prefault())
            {
                prefaulter.onWrittenTo(bytes);
            }
        }
        appendedUpTo = nextSequence;
        return nextSequence++;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        int answered = 0;
        while (answeredUpTo < appendedUpTo && answered < fragmentLimit)
        {
            answeredUpTo++;
            listener.onAck(answeredUpTo, answeredUpTo, 0, false);
            answered++;
        }
        if (0 == answered && setup.microTouch())
        {
            ((MicroTouched)appender).microTouch();
        }
        return answered;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.closeAll(prefaulterThread, appender, queue);
        IoUtil.delete(dir, true);
    }
}
