package io.streamflow.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.text.ParseException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;

import static io.streamflow.sbe.journal.JournalEntryDecoder.BYTE_ORDER;

/**
 * Reads journal entries in order, zero-copy, from any position: the start, the end, or an engine sequence. Works
 * live while another thread or process appends.
 * <p>
 * Not thread safe: one reader per thread.
 */
public final class JournalReader implements EntryPoller
{
    /** Most entries one probe of {@link #seekOffset} reads looking for a record of the partition. */
    static final int PROBE_LIMIT = 4096;

    private static final int FOUND = 0;
    private static final int NONE = 1;
    private static final int LIMITED = 2;

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final UnsafeBuffer entryBuffer = new UnsafeBuffer(0, 0);
    private long probeSequence;
    private long probeOffset;
    private long entriesProbed;

    JournalReader(final SingleChronicleQueue queue)
    {
        this.queue = queue;
        this.tailer = queue.createTailer();
        toStart();
    }

    /**
     * Read up to a limit of entries.
     *
     * @param handler receiving each entry.
     * @param limit   most entries to read.
     * @return number of entries read.
     */
    public int poll(final JournalEntryHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }

                final Bytes<?> bytes = dc.wire().bytes();
                final long position = bytes.readPosition();
                final int length = (int)bytes.readRemaining();
                entryBuffer.wrap(bytes.addressForRead(position), length);
                handler.onEntry(entryBuffer, 0, length, dc.index());
                count++;
            }
        }

        return count;
    }

    /**
     * Position at the first entry.
     *
     * @return this for a fluent API.
     */
    public JournalReader toStart()
    {
        tailer.toStart();
        // Chronicle's listing may still name cycles that retention deleted (a read-only queue does not list the
        // files again): its start is then a file that is gone, and the tailer would read nothing.
        final int firstOnDisk = firstCycleOnDisk();
        if (firstOnDisk > queue.firstCycle())
        {
            tailer.moveToIndex(queue.rollCycle().toIndex(firstOnDisk, 0));
        }
        return this;
    }

    /**
     * Position after the last entry: the next poll sees only entries appended from now on.
     *
     * @return this for a fluent API.
     */
    public JournalReader toEnd()
    {
        tailer.toEnd();
        return this;
    }

    /**
     * Position at the first entry whose engine sequence is at least the one given. Sequences are contiguous within
     * the journal, so one read of the first entry of a segment (roll cycle) tells whether the entry is in it. Segments
     * are tried from the newest back, so that a seek near the end (recovery after a snapshot) reads nothing of the
     * older history, which may even have been deleted.
     *
     * @param engineSequence to read next.
     * @return true when such an entry exists, false when positioned at the end to wait for it.
     */
    public boolean seek(final long engineSequence)
    {
        final RollCycle rollCycle = queue.rollCycle();
        final int firstCycle = queue.firstCycle();
        for (int cycle = queue.lastCycle(); cycle >= firstCycle && cycle >= 0; )
        {
            final long firstIndex = rollCycle.toIndex(cycle, 0);
            final long firstSequence = sequenceAt(firstIndex);
            if (firstSequence >= 0 && firstSequence <= engineSequence)
            {
                if (tailer.moveToIndex(firstIndex + (engineSequence - firstSequence)))
                {
                    return true;
                }
                tailer.toEnd();
                return false;
            }

            final int previous = previousCycle(cycle);
            if (previous >= cycle)
            {
                break;
            }
            cycle = previous;
        }

        // Every entry is after the one asked for (or there is none): start at the first.
        toStart();
        final boolean hasEntry = sequenceAt(tailer.index()) >= 0;
        toStart();
        return hasEntry;
    }

    /**
     * Position at the first entry stamped at or after a time (the engine's sequencing time, the log's append time).
     * The engine never stamps an entry earlier than the one before it ({@code journal verify} checks that), so a
     * binary search over engine sequences finds the entry, each probe a jump by Chronicle's index: O(log entries)
     * reads, nothing scanned.
     *
     * @param timestampNs nanoseconds since the epoch.
     * @return engine sequence of that entry, or -1 when every entry is older or there is none: then positioned at the
     * end, to read what comes next.
     */
    public long seekTime(final long timestampNs)
    {
        toStart();
        long low = longOfNext(tailer, entryBuffer, JournalEntryLayout.ENGINE_SEQUENCE_OFFSET);
        final long lastIndex = queue.lastIndex();
        long high = lastIndex < 0 ? -1 : sequenceAt(lastIndex);
        if (low < 0 || high < low || timestampAt(high) < timestampNs)
        {
            toEnd();
            return -1;
        }
        while (low < high)
        {
            final long middle = low + ((high - low) >>> 1);
            if (timestampAt(middle) >= timestampNs)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        seek(low);
        return low;
    }

    /**
     * Position at the first record of a stream partition with an offset at least the one given, by a binary search
     * over engine sequences: a partition's offsets rise with the engine sequence, so each probe jumps (by Chronicle's
     * index) into the range left and reads forward to the first record of the partition there, whose offset says
     * which half to keep. O(log entries) probes, each of about as many entries as there are partitions sharing the
     * journal. A partition with fewer records than one in {@link #PROBE_LIMIT} entries ends the search early: the
     * reader is then positioned before the record, at the lowest sequence the search had reached, and the caller's
     * filter by offset skips what comes before it (as it must anyway for the other partitions' entries).
     *
     * @param streamId  of the stream.
     * @param partition of the stream.
     * @param offset    of the record to read first.
     * @return engine sequence the reader is positioned at: the record's, or where the search stopped, or the one
     * after the last entry when the partition has no such record yet (to read what comes next).
     */
    public long seekOffset(final int streamId, final int partition, final long offset)
    {
        toStart();
        long low = longOfNext(tailer, entryBuffer, JournalEntryLayout.ENGINE_SEQUENCE_OFFSET);
        final long lastIndex = queue.lastIndex();
        final long last = lastIndex < 0 ? -1 : sequenceAt(lastIndex);
        if (low < 0 || last < low)
        {
            toStart();
            return Math.max(low, 0);
        }

        // The record sought is at or after low; it is at or before high, or it is the candidate (or there is none).
        long high = last;
        long candidate = -1;
        while (low <= high)
        {
            final long middle = low + ((high - low) >>> 1);
            final int probe = probe(middle, high, streamId, partition);
            if (LIMITED == probe)
            {
                seek(low);
                return low;
            }
            if (NONE == probe)
            {
                high = middle - 1;
            }
            else if (probeOffset >= offset)
            {
                candidate = probeSequence;
                high = middle - 1;
            }
            else
            {
                low = probeSequence + 1;
            }
        }

        final long next = candidate >= 0 ? candidate : last + 1;
        seek(next);
        return next;
    }

    /**
     * Entries read by probes of {@link #seekOffset}, for tests of how little it reads.
     */
    long entriesProbed()
    {
        return entriesProbed;
    }

    /**
     * Read forward from an engine sequence to the first record of a partition, up to another sequence and at most
     * {@link #PROBE_LIMIT} entries.
     *
     * @return FOUND (then {@code probeSequence} and {@code probeOffset} are the record's), NONE when there is none up
     * to that sequence, or LIMITED.
     */
    private int probe(final long fromSequence, final long toSequence, final int streamId, final int partition)
    {
        if (!seek(fromSequence))
        {
            return NONE;
        }
        for (int i = 0; i < PROBE_LIMIT; i++)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return NONE;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                if (bytes.readRemaining() < JournalEntryLayout.FRAMING_LENGTH)
                {
                    return NONE;
                }
                entriesProbed++;
                entryBuffer.wrap(bytes.addressForRead(bytes.readPosition()), JournalEntryLayout.FRAMING_LENGTH);
                final long sequence = entryBuffer.getLong(JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, BYTE_ORDER);
                if (sequence > toSequence)
                {
                    return NONE;
                }
                if (entryBuffer.getInt(JournalEntryLayout.STREAM_ID_OFFSET, BYTE_ORDER) == streamId &&
                    entryBuffer.getInt(JournalEntryLayout.PARTITION_OFFSET, BYTE_ORDER) == partition)
                {
                    probeSequence = sequence;
                    probeOffset = entryBuffer.getLong(JournalEntryLayout.PARTITION_OFFSET_OFFSET, BYTE_ORDER);
                    return FOUND;
                }
            }
        }
        return LIMITED;
    }

    /**
     * Chronicle index of the next entry this reader will read.
     *
     * @return the index.
     */
    public long index()
    {
        return tailer.index();
    }

    /**
     * Close the reader.
     */
    public void close()
    {
        tailer.close();
    }

    /**
     * @return the cycle of the oldest cycle file on disk, from its name, -1 when there is none or it cannot be read.
     */
    private int firstCycleOnDisk()
    {
        final List<File> files = JournalScanner.cycleFiles(queue.file());
        if (files.isEmpty())
        {
            return -1;
        }
        final String name = files.get(0).getName();
        final RollCycle rollCycle = queue.rollCycle();
        try
        {
            final DateTimeFormatter format = new DateTimeFormatterBuilder().appendPattern(rollCycle.format())
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
                .toFormatter().withZone(ZoneOffset.UTC);
            final long startMs = LocalDateTime.parse(name.substring(0, name.length() - ".cq4".length()), format)
                .toInstant(ZoneOffset.UTC).toEpochMilli();
            return (int)((startMs - queue.epoch()) / rollCycle.lengthInMillis());
        }
        catch (final DateTimeParseException ex)
        {
            return -1;
        }
    }

    private long sequenceAt(final long index)
    {
        if (!tailer.moveToIndex(index))
        {
            return -1;
        }

        return engineSequenceOfNext(tailer, entryBuffer);
    }

    /**
     * Read the next document of a tailer and the engine sequence in its framing.
     *
     * @param tailer  positioned at the document.
     * @param scratch to wrap the framing with.
     * @return the engine sequence, or -1 when there is no document or it is too short to be an entry.
     */
    static long engineSequenceOfNext(final ExcerptTailer tailer, final UnsafeBuffer scratch)
    {
        return longOfNext(tailer, scratch, JournalEntryLayout.ENGINE_SEQUENCE_OFFSET);
    }

    private long timestampAt(final long engineSequence)
    {
        return seek(engineSequence) ? longOfNext(tailer, entryBuffer, JournalEntryLayout.TIMESTAMP_OFFSET) : -1;
    }

    /**
     * Read the next document of a tailer and a long field of its framing.
     */
    private static long longOfNext(final ExcerptTailer tailer, final UnsafeBuffer scratch, final int fieldOffset)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            if (bytes.readRemaining() < JournalEntryLayout.FRAMING_LENGTH)
            {
                return -1;
            }
            scratch.wrap(bytes.addressForRead(bytes.readPosition()), JournalEntryLayout.FRAMING_LENGTH);
            return scratch.getLong(fieldOffset, BYTE_ORDER);
        }
    }

    private int previousCycle(final int cycle)
    {
        try
        {
            return queue.nextCycle(cycle, TailerDirection.BACKWARD);
        }
        catch (final ParseException ex)
        {
            return -1;
        }
    }
}
