package io.streamflow.engine;

import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.protocol.StreamCatalog;

/**
 * The next offset of every partition of every stream: admission's copy assigns offsets, the operator stage's copy
 * follows the entries it applies (so that a snapshot holds the offsets at the snapshot's engine sequence), and
 * recovery rebuilds both from the snapshot and the journal after it. Offsets of a partition are contiguous from 0 and
 * follow engine sequence order: each entry of the journal carries its partition and offset.
 * <p>
 * Indexed by the catalog's partition slots: allocation free. Not thread safe: one copy per thread.
 */
final class PartitionOffsets
{
    private final StreamCatalog catalog;
    private final long[] nextOffsets;

    PartitionOffsets(final StreamCatalog catalog)
    {
        this.catalog = catalog;
        this.nextOffsets = new long[catalog.partitionSlots()];
    }

    /**
     * @return the streams and partitions the offsets are of.
     */
    StreamCatalog catalog()
    {
        return catalog;
    }

    /**
     * Give the next record of a partition its offset.
     *
     * @param slot of the partition in the catalog.
     * @return the offset it gets.
     */
    long assign(final int slot)
    {
        return nextOffsets[slot]++;
    }

    /**
     * @param slot of a partition.
     * @return the offset its next record gets: the number of records it holds.
     */
    long nextOffset(final int slot)
    {
        return nextOffsets[slot];
    }

    /**
     * Follow one applied journal entry: a record moves its partition's next offset past it. An entry of a stream or
     * partition that the catalog no longer has (the configuration changed) moves nothing.
     *
     * @param entry applied.
     */
    void onApplied(final JournalEntryView entry)
    {
        final int partition = entry.partition();
        if (JournalEntryLayout.NO_PARTITION != partition)
        {
            restore(entry.streamId(), partition, entry.partitionOffset() + 1);
        }
    }

    /**
     * @param streamId   of a stream.
     * @param partition  of it.
     * @param nextOffset its next record gets; a stream or partition the catalog does not have is passed over.
     */
    void restore(final int streamId, final int partition, final long nextOffset)
    {
        final int slot = catalog.slotOf(streamId, partition);
        if (StreamCatalog.NO_SLOT != slot)
        {
            nextOffsets[slot] = nextOffset;
        }
    }
}
