package io.streamflow.journal;

import io.streamflow.sbe.journal.JournalEntryEncoder;
import io.streamflow.sbe.journal.MessageHeaderEncoder;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.util.List;

/**
 * The log of what the operators emitted on output streams (pipeline results, market data): a Chronicle queue of its
 * own beside the journal, so that a consumer that comes late, or comes back, reads a pipeline's results from any
 * offset. Entries use the journal's framing ({@link JournalEntryLayout}), its fields meaning:
 * <ul>
 *     <li>{@code streamId}: the output stream;</li>
 *     <li>{@code engineSequence} and {@code timestampNs}: the command whose processing emitted it;</li>
 *     <li>{@code partitionOffset}: the output's offset in its output stream, contiguous from 0;</li>
 *     <li>{@code partition}: the output's ordinal among its command's outputs, from 0;</li>
 *     <li>{@code message}: the output exactly as it was published.</li>
 * </ul>
 * Outputs are a function of the commands, so the log is idempotent by (engine sequence, ordinal): an output at or
 * before the last one logged is passed over, which lets recovery log again the outputs of the commands it replays
 * without a duplicate and without a gap. Appends allocate nothing once every output stream has been seen.
 * <p>
 * Not thread safe: one writing thread at a time.
 */
public final class OutputLog implements AutoCloseable
{
    private final Journal journal;
    private final ExcerptAppender appender;
    private final JournalChecksum checksum = new JournalChecksum();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final JournalEntryEncoder encoder = new JournalEntryEncoder();
    private final Int2ObjectHashMap<long[]> nextOffsets = new Int2ObjectHashMap<>();
    private UnsafeBuffer entry = new UnsafeBuffer(new byte[4096]);
    private long lastEngineSequence = -1;
    private int lastOrdinal = -1;
    private long currentEngineSequence = -1;
    private int currentOrdinal = -1;
    private int cyclesReadAtOpen;

    private OutputLog(final Journal journal, final int[] outputStreamIds)
    {
        this.journal = journal;
        readWhatIsLogged(outputStreamIds);
        appender = journal.queue().createAppender();
        appender.singleThreadedCheckDisabled(true);
    }

    /**
     * Open (creating if needed) the output log in a directory.
     *
     * @param directory of its queue files.
     * @param rollCycle how often a new file starts (the journal's).
     * @return the open log, positioned after what it holds.
     */
    public static OutputLog open(final File directory, final RollCycle rollCycle)
    {
        return new OutputLog(Journal.open(directory, rollCycle), null);
    }

    /**
     * Open (creating if needed) the output log in a directory, reading at open only the newest cycles that hold the
     * last output of each of the streams given (every cycle when one of them has none).
     *
     * @param directory       of its queue files.
     * @param rollCycle       how often a new file starts (the journal's).
     * @param outputStreamIds the streams the log is to go on with: the operator's output streams.
     * @return the open log, positioned after what it holds.
     */
    public static OutputLog open(final File directory, final RollCycle rollCycle, final int[] outputStreamIds)
    {
        return new OutputLog(Journal.open(directory, rollCycle), outputStreamIds.clone());
    }

    /**
     * For tests: cycles by a clock of the caller's.
     */
    static OutputLog open(
        final File directory, final RollCycle rollCycle, final TimeProvider timeProvider, final int[] outputStreamIds)
    {
        return new OutputLog(Journal.open(directory, rollCycle, timeProvider), outputStreamIds);
    }

    /**
     * @return cycle files read when the log opened, for tests of how little it reads.
     */
    int cyclesReadAtOpen()
    {
        return cyclesReadAtOpen;
    }

    /**
     * Log one output of a command, unless it is logged already: a command's outputs come in the same order each time
     * it is applied, so the nth output of the command is the same output.
     *
     * @param outputStreamId of the output.
     * @param engineSequence of the command that emitted it.
     * @param timestampNs    of that command.
     * @param message        buffer holding the output as published.
     * @param offset         of the output.
     * @param length         of the output.
     * @return true when it was appended, false when it was logged before.
     */
    public boolean append(
        final int outputStreamId,
        final long engineSequence,
        final long timestampNs,
        final DirectBuffer message,
        final int offset,
        final int length)
    {
        if (engineSequence != currentEngineSequence)
        {
            currentEngineSequence = engineSequence;
            currentOrdinal = 0;
        }
        else
        {
            currentOrdinal++;
        }
        if (engineSequence < lastEngineSequence ||
            (engineSequence == lastEngineSequence && currentOrdinal <= lastOrdinal))
        {
            return false;
        }

        final long[] next = nextOffsetOf(outputStreamId);
        final int entryLength = JournalEntryLayout.FRAMING_LENGTH + length;
        if (entry.capacity() < entryLength)
        {
            entry = new UnsafeBuffer(new byte[Math.max(entryLength, entry.capacity() * 2)]);
        }
        encoder.wrapAndApplyHeader(entry, 0, header)
            .checksum(0)
            .streamId(outputStreamId)
            .engineSequence(engineSequence)
            .timestampNs(timestampNs)
            .partitionOffset(next[0])
            .partition(currentOrdinal)
            .putMessage(message, offset, length);
        checksum.seal(entry, 0, entryLength);
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(entry.byteArray(), 0, entryLength);
        }
        next[0]++;
        lastEngineSequence = engineSequence;
        lastOrdinal = currentOrdinal;
        return true;
    }

    /**
     * @return engine sequence of the command whose output was logged last, -1 for none.
     */
    public long lastEngineSequence()
    {
        return lastEngineSequence;
    }

    /**
     * @param outputStreamId of an output stream.
     * @return the offset its next output gets: the outputs it holds.
     */
    public long nextOffset(final int outputStreamId)
    {
        final long[] next = nextOffsets.get(outputStreamId);
        return null == next ? 0 : next[0];
    }

    /**
     * @return a reader of the log from its first entry, for any one thread.
     */
    public JournalReader newReader()
    {
        return journal.newReader();
    }

    /**
     * Close the queue files.
     */
    public void close()
    {
        appender.close();
        journal.close();
    }

    private long[] nextOffsetOf(final int outputStreamId)
    {
        long[] next = nextOffsets.get(outputStreamId);
        if (null == next)
        {
            next = new long[1];
            nextOffsets.put(outputStreamId, next);
        }
        return next;
    }

    /**
     * Where the log stands: the last (engine sequence, ordinal) and every stream's next offset, read once at open (a
     * whole read of the log: an index of it is not built yet). A damaged entry (a torn tail) is passed over.
     */
    /**
     * Where the log stands: what cycles dropped by retention held first ({@link OutputLogRetention}), then the cycles
     * here from the newest back, until each stream asked for has been seen (offsets only rise, so the newest cycle
     * holding a stream's output has its last). A torn or damaged entry is passed over.
     */
    private void readWhatIsLogged(final int[] outputStreamIds)
    {
        final OutputLogRetention.Retained retained = OutputLogRetention.read(journal.directory());
        retained.nextOffsets().forEach((streamId, next) -> nextOffsetOf(streamId)[0] = next[0]);
        lastEngineSequence = retained.lastEngineSequence();
        lastOrdinal = retained.lastOrdinal();

        final IntHashSet wanted = new IntHashSet();
        if (null != outputStreamIds)
        {
            for (final int streamId : outputStreamIds)
            {
                wanted.add(streamId);
            }
        }
        final JournalEntryView view = new JournalEntryView();
        final List<File> files = JournalScanner.cycleFiles(journal.directory());
        for (int i = files.size() - 1; i >= 0; i--)
        {
            cyclesReadAtOpen++;
            JournalScanner.forEachEntry(files.get(i), Integer.MAX_VALUE, (buffer, offset, length, isGood) ->
            {
                view.wrap(buffer, offset, length);
                if (null == view.structuralFault() && checksum.matches(buffer, offset, length))
                {
                    final long[] next = nextOffsetOf(view.streamId());
                    next[0] = Math.max(next[0], view.partitionOffset() + 1);
                    if (view.engineSequence() > lastEngineSequence ||
                        (view.engineSequence() == lastEngineSequence && view.partition() > lastOrdinal))
                    {
                        lastEngineSequence = view.engineSequence();
                        lastOrdinal = view.partition();
                    }
                    wanted.remove(view.streamId());
                }
                return true;
            });
            if (null != outputStreamIds && wanted.isEmpty())
            {
                break;
            }
        }
    }
}
