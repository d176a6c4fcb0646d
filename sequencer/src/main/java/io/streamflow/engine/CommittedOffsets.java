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

    private final StreamCatalog catalog;
    private final AtomicLongArray lowest;
    private final AtomicReferenceArray<String> lowestGroup;

    CommittedOffsets(final StreamCatalog catalog)
    {
        this.catalog = catalog;
        lowest = new AtomicLongArray(catalog.partitionSlots());
        lowestGroup = new AtomicReferenceArray<>(catalog.partitionSlots());
        for (int slot = 0; slot < catalog.partitionSlots(); slot++)
        {
            lowest.set(slot, NONE);
        }
    }

    /**
     * @param streamId  a stream of the catalog.
     * @param partition a partition of it.
     * @return the lowest offset a group has committed for it, or {@link Long#MAX_VALUE} when none has.
     */
    public long lowestOf(final int streamId, final int partition)
    {
        final int slot = catalog.slotOf(streamId, partition);
        return StreamCatalog.NO_SLOT == slot ? NONE : lowest.get(slot);
    }

    /**
     * {@inheritDoc}
     */
    public String holdOf(final int streamId, final int partition, final long lastOffset)
    {
        final int slot = catalog.slotOf(streamId, partition);
        if (StreamCatalog.NO_SLOT == slot)
        {
            return null;
        }
        final long offset = lowest.get(slot);
        return offset > lastOffset ? null : "consumer group '" + lowestGroup.get(slot) + "' has committed offset " +
            offset + " of stream " + catalog.nameOf(streamId) + " partition " + partition + " and not read past it";
    }

    /**
     * Publish the lowest committed offset of one partition over the groups. Allocation free.
     *
     * @param groups    every group.
     * @param streamId  the stream of the partition.
     * @param partition the partition.
     */
    void update(final ConsumerGroup[] groups, final int streamId, final int partition)
    {
        final int slot = catalog.slotOf(streamId, partition);
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
        lowestGroup.set(slot, name);
        lowest.set(slot, offset);
    }

    /**
     * Publish every partition anew, after the groups were restored.
     *
     * @param groups every group.
     */
    void updateAll(final ConsumerGroup[] groups)
    {
        for (int slot = 0; slot < catalog.partitionSlots(); slot++)
        {
            update(groups, catalog.streamIdOfSlot(slot), catalog.partitionOfSlot(slot));
        }
    }
}
