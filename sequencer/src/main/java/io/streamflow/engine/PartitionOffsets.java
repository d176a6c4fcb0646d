package io.streamflow.engine;

import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.protocol.StreamCreation;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The streams and the next offset of every partition of every stream: admission's copy assigns offsets, the operator
 * stage's copy follows the entries it applies (so that a snapshot holds the offsets at the snapshot's engine
 * sequence), and recovery rebuilds both from the snapshot and the journal after it. Offsets of a partition are
 * contiguous from 0 and follow engine sequence order: each entry of the journal carries its partition and offset.
 * <p>
 * The streams are the configured ones, then those that {@code CreateStream} commands added, in engine sequence
 * order: each copy adds a stream when it admits or applies the command, so that every copy (and every replica, and
 * every replay) has the same streams at the same engine sequence. A new stream's partitions take the slots after the
 * existing ones, which keep theirs.
 * <p>
 * Indexed by the catalog's partition slots: allocation free but for a stream's creation. Not thread safe: one copy
 * per thread.
 */
final class PartitionOffsets
{
    private final StreamCreation creation = new StreamCreation();
    private final List<CreatedStream> created = new ArrayList<>();
    private final List<String> passedOver = new ArrayList<>();
    private StreamCatalog catalog;
    private long[] nextOffsets;

    PartitionOffsets(final StreamCatalog catalog)
    {
        this.catalog = catalog;
        this.nextOffsets = new long[catalog.partitionSlots()];
    }

    /**
     * @return the streams and partitions the offsets are of, as of the last command admitted or applied; a new
     * catalog after each stream's creation.
     */
    StreamCatalog catalog()
    {
        return catalog;
    }

    /**
     * @return the streams added to the configured ones, in the order created.
     */
    List<CreatedStream> created()
    {
        return created;
    }

    /**
     * @return why creations were passed over: a stream of the same name or id was configured since.
     */
    List<String> passedOver()
    {
        return passedOver;
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
     * Follow one applied journal entry: a record moves its partition's next offset past it, a {@code CreateStream}
     * adds its stream. An entry of a stream or partition that the catalog no longer has (the configuration changed)
     * moves nothing.
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
        else
        {
            onCommand(entry.buffer(), entry.messageOffset());
        }
    }

    /**
     * Follow one command that is not a record: a {@code CreateStream} adds its stream.
     *
     * @param buffer holding the command, which is valid.
     * @param offset of the command's header.
     */
    private void onCommand(final DirectBuffer buffer, final int offset)
    {
        if (creation.wrap(buffer, offset))
        {
            create(creation.name(), creation.streamId(), creation.partitions());
        }
    }

    /**
     * Add a stream after the others, with its offsets from 0; passed over (and noted) when the catalog has its name
     * or id already, as after a restart whose configuration names it.
     *
     * @param name       of the stream, valid.
     * @param id         of the stream, positive.
     * @param partitions of the stream, in range.
     */
    void create(final String name, final int id, final int partitions)
    {
        final StreamCatalog grown = catalog.withIfNew(name, id, partitions);
        if (grown == catalog)
        {
            passedOver.add("stream " + name + "=" + id + ":" + partitions + " created at run time is passed over: " +
                "the node is configured with " + catalog.toSpec());
            return;
        }
        catalog = grown;
        nextOffsets = Arrays.copyOf(nextOffsets, catalog.partitionSlots());
        created.add(new CreatedStream(name, id, partitions));
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

    /**
     * A stream that a {@code CreateStream} command added.
     *
     * @param name       of the stream.
     * @param id         of the stream.
     * @param partitions of the stream.
     */
    record CreatedStream(String name, int id, int partitions)
    {
    }
}
