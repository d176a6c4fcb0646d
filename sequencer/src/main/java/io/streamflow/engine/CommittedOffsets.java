package io.streamflow.engine;

import io.streamflow.journal.RetentionHold;
import io.streamflow.protocol.StreamCatalog;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The lowest committed offset of any consumer group, per stream partition, published by the group coordinator for
 * journal retention to read: a sealed cycle with a record at or after a partition's lowest committed offset is one a
 * group has not read yet, and retention keeps it ({@link RetentionHold}). A partition no group has committed holds
 * nothing back (a group that has not committed starts from where its members say, as in Kafka).
 * <p>
 * Written by the operator thread (and by recovery before it starts), read by the retention thread; a reader may see
 * the offset of one commit beside the name of the group of the one before, which only its message shows.
 */
public final class CommittedOffsets implements RetentionHold
{
    private static final long NONE = Long.MAX_VALUE;

    private final PartitionOffsets streams;
    private volatile Table table;

    /**
     * @param streams the writer's streams, read on its thread only: the table grows when a stream is created.
     */
    CommittedOffsets(final PartitionOffsets streams)
    {
        this.streams = streams;
        table = new Table(streams.catalog(), null);
    }

    /**
     * @param streamId  a stream of the catalog.
     * @param partition a partition of it.
     * @return the lowest offset a group has committed for it, or {@link Long#MAX_VALUE} when none has.
     */
    public long lowestOf(final int streamId, final int partition)
    {
        final Table table = this.table;
        final int slot = table.catalog.slotOf(streamId, partition);
        return StreamCatalog.NO_SLOT == slot ? NONE : table.lowest.get(slot);
    }

    /**
     * {@inheritDoc}
     */
    public String holdOf(final int streamId, final int partition, final long lastOffset)
    {
        final Table table = this.table;
        final int slot = table.catalog.slotOf(streamId, partition);
        if (StreamCatalog.NO_SLOT == slot)
        {
            return null;
        }
        final long offset = table.lowest.get(slot);
        return offset > lastOffset ? null : "consumer group '" + table.lowestGroup.get(slot) + "' has committed " +
            "offset " + offset + " of stream " + table.catalog.nameOf(streamId) + " partition " + partition +
            " and not read past it";
    }

    /**
     * Publish the lowest committed offset of one partition over the groups. Allocation free but after a stream's
     * creation.
     *
     * @param groups    every group.
     * @param streamId  the stream of the partition.
     * @param partition the partition.
     */
    void update(final ConsumerGroup[] groups, final int streamId, final int partition)
    {
        final Table table = current();
        final int slot = table.catalog.slotOf(streamId, partition);
        if (StreamCatalog.NO_SLOT == slot)
        {
            return;
        }
        long offset = NONE;
        String name = null;
        for (final ConsumerGroup group : groups)
        {
            if (group.streamId() == streamId && partition < group.partitions())
            {
                final long committed = group.committed(partition);
                if (ConsumerGroup.NO_OFFSET != committed && committed < offset)
                {
                    offset = committed;
                    name = group.nameString();
                }
            }
        }
        table.lowestGroup.set(slot, name);
        table.lowest.set(slot, offset);
    }

    /**
     * Publish every partition anew, after the groups were restored.
     *
     * @param groups every group.
     */
    void updateAll(final ConsumerGroup[] groups)
    {
        final StreamCatalog catalog = current().catalog;
        for (int slot = 0; slot < catalog.partitionSlots(); slot++)
        {
            update(groups, catalog.streamIdOfSlot(slot), catalog.partitionOfSlot(slot));
        }
    }

    /**
     * The table of the writer's streams: a larger copy, published whole, once a stream was created.
     */
    private Table current()
    {
        Table table = this.table;
        if (table.catalog != streams.catalog())
        {
            table = new Table(streams.catalog(), table);
            this.table = table;
        }
        return table;
    }

    /** The offsets of one catalog's slots; a new stream's slots come after the others, which keep theirs. */
    private static final class Table
    {
        final StreamCatalog catalog;
        final AtomicLongArray lowest;
        final AtomicReferenceArray<String> lowestGroup;

        Table(final StreamCatalog catalog, final Table previous)
        {
            this.catalog = catalog;
            lowest = new AtomicLongArray(catalog.partitionSlots());
            lowestGroup = new AtomicReferenceArray<>(catalog.partitionSlots());
            final int kept = null == previous ? 0 : previous.lowest.length();
            for (int slot = 0; slot < catalog.partitionSlots(); slot++)
            {
                lowest.set(slot, slot < kept ? previous.lowest.get(slot) : NONE);
                lowestGroup.set(slot, slot < kept ? previous.lowestGroup.get(slot) : null);
            }
        }
    }
}
