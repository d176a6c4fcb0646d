package io.streamflow.perf;

import io.streamflow.client.EgressListener;
import io.streamflow.client.load.LoadTarget;
import io.streamflow.journal.Journal;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;

/**
 * The journal's floor: each message appended to a bare Chronicle Queue (same roll cycle as the journal, no framing or
 * checksum), answered as soon as the append returns. Driven by the same {@code LoadGenerator} as StreamFlow, so its
 * latency is intended send time to append done, on the load thread.
 */
final class ChronicleAppendTarget implements LoadTarget, AutoCloseable
{
    private final File dir;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final UnsafeBuffer entry = new UnsafeBuffer(BufferUtil.allocateDirectAligned(4096, 64));
    private long nextSequence;
    private long appendedUpTo = -1;
    private long answeredUpTo = -1;

    ChronicleAppendTarget(final File dir)
    {
        this.dir = dir;
        this.queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(Journal.DEFAULT_ROLL_CYCLE).build();
        this.appender = queue.createAppender();
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
            dc.wire().bytes().unsafeWrite(entry.addressOffset(), length);
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
        return answered;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.closeAll(appender, queue);
        IoUtil.delete(dir, true);
    }
}
