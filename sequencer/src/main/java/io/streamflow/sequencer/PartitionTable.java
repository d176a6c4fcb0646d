package io.streamflow.sequencer;

import io.streamflow.journal.JournalEntryHandler;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.EntryPoller;
import io.streamflow.engine.PublishedStreams;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.protocol.StreamCreation;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Every partition's first offset held, end offset and last append, as the journal says: a reader of its own that
 * follows the journal from its oldest cycle on disk, a bounded batch at a time, on the log server's thread. What it
 * knows is as of {@link #engineSequence()}, which trails the journal while it catches up.
 * <p>
 * Allocation free but for a stream created; the log server's thread only.
 */
final class PartitionTable implements JournalEntryHandler, AutoCloseable
{
    private final PublishedStreams streams;
    private final EntryPoller reader;
    private final JournalEntryView entry = new JournalEntryView();
    private final StreamCreation creation = new StreamCreation();
    private StreamCatalog catalog;
    private long[] firstOffsets = new long[0];
    private long[] endOffsets = new long[0];
    private long[] lastAppendsNs = new long[0];
    private long engineSequence = -1;

    /**
     * @param streams of the node: those created at run time are learnt from the journal's {@code CreateStream}
     *                entries, and from the node's published streams for a creation the journal no longer holds.
     * @param reader  of the journal (its cold tier first), at its start; closed with the table.
     */
    PartitionTable(final PublishedStreams streams, final EntryPoller reader)
    {
        this.streams = streams;
        this.reader = reader;
        this.catalog = streams.catalog();
        grow(catalog.partitionSlots());
    }

    /**
     * @param limit most entries to read.
     * @return entries read.
     */
    int catchUp(final int limit)
    {
        return reader.poll(this, limit);
    }

    /**
     * {@inheritDoc}
     */
    public void onEntry(final DirectBuffer buffer, final int offset, final int length, final long index)
    {
        entry.wrap(buffer, offset, length);
        if (null != entry.structuralFault())
        {
            return;
        }
        engineSequence = entry.engineSequence();
        if (JournalEntryLayout.NO_PARTITION == entry.partition())
        {
            if (creation.wrap(entry.buffer(), entry.messageOffset()))
            {
                adopt(creation.applyTo(catalog));
            }
        }
        else
        {
            if (StreamCatalog.NO_SLOT == catalog.slotOf(entry.streamId(), entry.partition()))
            {
                adopt(streams.catalog());
            }
            final int slot = catalog.slotOf(entry.streamId(), entry.partition());
            if (StreamCatalog.NO_SLOT != slot)
            {
                if (firstOffsets[slot] < 0)
                {
                    firstOffsets[slot] = entry.partitionOffset();
                }
                endOffsets[slot] = entry.partitionOffset() + 1;
                lastAppendsNs[slot] = entry.timestampNs();
            }
        }
    }

    /**
     * Take a catalog with more streams than the table's: the same streams, then others, whose partitions take the
     * slots after the table's (the node adds streams in engine sequence order, as the journal has them).
     *
     * @param latest the node's streams as published, or as after a creation the table read.
     */
    void adopt(final StreamCatalog latest)
    {
        if (latest.partitionSlots() > catalog.partitionSlots())
        {
            catalog = latest;
            grow(latest.partitionSlots());
        }
    }

    private void grow(final int slots)
    {
        final int kept = endOffsets.length;
        firstOffsets = Arrays.copyOf(firstOffsets, slots);
        endOffsets = Arrays.copyOf(endOffsets, slots);
        lastAppendsNs = Arrays.copyOf(lastAppendsNs, slots);
        Arrays.fill(firstOffsets, kept, slots, -1);
        Arrays.fill(lastAppendsNs, kept, slots, -1);
    }

    /**
     * @return the streams the table is of.
     */
    StreamCatalog catalog()
    {
        return catalog;
    }

    /**
     * @return engine sequence of the last entry read, -1 for none.
     */
    long engineSequence()
    {
        return engineSequence;
    }

    /**
     * @param slot of a partition in the catalog.
     * @return the oldest offset the journal holds, the end offset when it holds none.
     */
    long firstOffset(final int slot)
    {
        return firstOffsets[slot] < 0 ? endOffsets[slot] : firstOffsets[slot];
    }

    /**
     * @param slot of a partition in the catalog.
     * @return the offset its next record gets.
     */
    long endOffset(final int slot)
    {
        return endOffsets[slot];
    }

    /**
     * @param slot of a partition in the catalog.
     * @return when its last record was appended, -1 for none held.
     */
    long lastAppendNs(final int slot)
    {
        return lastAppendsNs[slot];
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.close(reader);
    }
}
