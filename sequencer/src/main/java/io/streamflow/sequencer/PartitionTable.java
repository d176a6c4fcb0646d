package io.streamflow.sequencer;

import io.streamflow.journal.JournalEntryHandler;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.EntryPoller;
import io.streamflow.protocol.StreamCatalog;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Every partition's first offset held, end offset and last append, as the journal says: a reader of its own that
 * follows the journal from its oldest cycle on disk, a bounded batch at a time, on the log server's thread. What it
 * knows is as of {@link #engineSequence()}, which trails the journal while it catches up.
 * <p>
 * Allocation free; the log server's thread only.
 */
final class PartitionTable implements JournalEntryHandler, AutoCloseable
{
    private final StreamCatalog catalog;
    private final EntryPoller reader;
    private final JournalEntryView entry = new JournalEntryView();
    private final long[] firstOffsets;
    private final long[] endOffsets;
    private final long[] lastAppendsNs;
    private long engineSequence = -1;

    /**
     * @param catalog of the node's streams.
     * @param reader  of the journal (its cold tier first), at its start; closed with the table.
     */
    PartitionTable(final StreamCatalog catalog, final EntryPoller reader)
    {
        this.catalog = catalog;
        this.reader = reader;
        firstOffsets = new long[catalog.partitionSlots()];
        endOffsets = new long[catalog.partitionSlots()];
        lastAppendsNs = new long[catalog.partitionSlots()];
        Arrays.fill(firstOffsets, -1);
        Arrays.fill(lastAppendsNs, -1);
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
        if (JournalEntryLayout.NO_PARTITION != entry.partition())
        {
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
