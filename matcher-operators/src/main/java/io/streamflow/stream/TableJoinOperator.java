package io.streamflow.stream;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Stream-table join: the table holds the latest record per key of a changelog stream (a record matching the
 * delete predicate removes its key); each stream record is joined with the table's record for its key as the table
 * stands when the record arrives. A stream record with no table entry is counted and sent to the unmatched output.
 * The table is bounded: a new key that finds it full is refused or evicts the oldest key, as declared, and counted.
 *
 * @param <V> stream record view.
 * @param <T> table (changelog) record view.
 * @param <W> joined record view.
 */
final class TableJoinOperator<V extends Flyweight, T extends Flyweight, W extends Flyweight>
    implements Counted, Snapshottable
{
    private static final long MISSING = -1;

    private final ToLongFunction<V> streamKey;
    private final ToLongFunction<T> tableKey;
    private final Predicate<T> isDelete;
    private final JoinFunction<V, T> function;
    private final T tableView;
    private final W outView;
    private final OverflowPolicy policy;
    private final RecordArena arena;
    private final Long2LongHashMap slotByKey;
    private final Long2LongHashMap insertedAt;
    private long[] keyFifo;
    private long[] sequenceFifo;
    private long[] compactionKeys;
    private long[] compactionSequences;
    private long insertions;
    private int fifoHead;
    private int fifoCount;
    private final ExpandableArrayBuffer outBuffer = new ExpandableArrayBuffer(256);
    final Fanout<W> downstream = new Fanout<>();
    final Fanout<V> unmatched = new Fanout<>();
    final Node<V> stream = new StreamInput();
    final Node<T> table = new TableInput();
    long unmatchedRecords;
    long tableRejects;
    long tableEvictions;

    TableJoinOperator(
        final ToLongFunction<V> streamKey,
        final ToLongFunction<T> tableKey,
        final Predicate<T> isDelete,
        final JoinFunction<V, T> function,
        final T tableView,
        final W outView,
        final int maxKeys,
        final int maxRecordLength,
        final OverflowPolicy policy)
    {
        this.streamKey = streamKey;
        this.tableKey = tableKey;
        this.isDelete = isDelete;
        this.function = function;
        this.tableView = tableView;
        this.outView = outView;
        this.policy = policy;
        this.arena = new RecordArena(maxKeys, maxRecordLength);
        this.slotByKey = new Long2LongHashMap(Math.max(16, maxKeys * 2), 0.65f, MISSING);
        this.insertedAt = new Long2LongHashMap(Math.max(16, maxKeys * 2), 0.65f, MISSING);
        this.keyFifo = new long[maxKeys * 2];
        this.sequenceFifo = new long[maxKeys * 2];
        this.compactionKeys = new long[maxKeys * 2];
        this.compactionSequences = new long[maxKeys * 2];
    }

    /**
     * {@inheritDoc}
     */
    public long lateRecords()
    {
        return unmatchedRecords;
    }

    /**
     * {@inheritDoc}
     */
    public long capacityRejects()
    {
        return tableRejects;
    }

    int tableSize()
    {
        return slotByKey.size();
    }

    /**
     * {@inheritDoc}
     */
    public int stateType()
    {
        return 6;
    }

    /**
     * {@inheritDoc}
     */
    public void writeState(final StateWriter writer)
    {
        writer.putLong(unmatchedRecords);
        writer.putLong(tableRejects);
        writer.putLong(tableEvictions);
        writer.putLong(insertions);
        writer.putInt(slotByKey.size());
        for (int i = 0; i < fifoCount; i++)
        {
            final int index = (fifoHead + i) % keyFifo.length;
            if (isCurrent(index))
            {
                final int slot = (int)slotByKey.get(keyFifo[index]);
                writer.putLong(keyFifo[index]);
                writer.putLong(sequenceFifo[index]);
                writer.putBytes(arena.buffer(), arena.offsetOf(slot), arena.lengthOf(slot));
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void readState(final StateReader reader)
    {
        if (!slotByKey.isEmpty())
        {
            throw new IllegalStateException("restore needs a new pipeline");
        }
        unmatchedRecords = reader.getLong();
        tableRejects = reader.getLong();
        tableEvictions = reader.getLong();
        insertions = reader.getLong();
        final int count = reader.getInt();
        for (int i = 0; i < count; i++)
        {
            final long key = reader.getLong();
            final long sequence = reader.getLong();
            final int length = reader.getBytesLength();
            final int slot = arena.store(reader.buffer(), reader.position(), length);
            if (slot < 0)
            {
                throw new IllegalStateException("snapshot holds more table entries than this capacity");
            }
            reader.skip(length);
            slotByKey.put(key, slot);
            insertedAt.put(key, sequence);
            keyFifo[i] = key;
            sequenceFifo[i] = sequence;
        }
        fifoHead = 0;
        fifoCount = count;
    }

    private void onTableRecord(final T record)
    {
        final long key = tableKey.applyAsLong(record);
        final long existing = slotByKey.get(key);
        if (null != isDelete && isDelete.test(record))
        {
            if (MISSING != existing)
            {
                arena.release((int)existing);
                slotByKey.remove(key);
                insertedAt.remove(key);
            }
            return;
        }
        if (MISSING != existing)
        {
            arena.release((int)existing);
            slotByKey.remove(key);
        }
        else if (slotByKey.size() >= arena.capacity())
        {
            if (OverflowPolicy.REJECT == policy || !evictOldest())
            {
                tableRejects++;
                return;
            }
        }
        final int slot = arena.store(record.buffer(), record.offset(), record.length());
        if (slot < 0)
        {
            tableRejects++;
            return;
        }
        slotByKey.put(key, slot);
        if (MISSING == existing)
        {
            remember(key);
        }
    }

    private void onStreamRecord(final V record, final long timestampNs)
    {
        final long key = streamKey.applyAsLong(record);
        final long slot = slotByKey.get(key);
        if (MISSING == slot)
        {
            unmatchedRecords++;
            unmatched.onRecord(record, timestampNs);
            return;
        }
        tableView.wrap(arena.buffer(), arena.offsetOf((int)slot), arena.lengthOf((int)slot));
        final int length = function.join(key, record, tableView, outBuffer);
        outView.wrap(outBuffer, 0, length);
        downstream.onRecord(outView, timestampNs);
    }

    private void remember(final long key)
    {
        if (fifoCount == keyFifo.length)
        {
            compactFifo();
        }
        final long sequence = insertions++;
        insertedAt.put(key, sequence);
        final int tail = (fifoHead + fifoCount++) % keyFifo.length;
        keyFifo[tail] = key;
        sequenceFifo[tail] = sequence;
    }

    /**
     * A FIFO entry stands for its key only if the key is in the table since that very insertion: a key deleted and
     * inserted again has a newer entry further back.
     */
    private boolean isCurrent(final int index)
    {
        return insertedAt.get(keyFifo[index]) == sequenceFifo[index];
    }

    private boolean evictOldest()
    {
        while (fifoCount > 0)
        {
            final int index = fifoHead;
            fifoHead = (fifoHead + 1) % keyFifo.length;
            fifoCount--;
            if (isCurrent(index))
            {
                final long key = keyFifo[index];
                arena.release((int)slotByKey.get(key));
                slotByKey.remove(key);
                insertedAt.remove(key);
                tableEvictions++;
                return true;
            }
        }
        return false;
    }

    /**
     * Drop FIFO entries that no longer stand for their key, keeping the order of the rest.
     */
    private void compactFifo()
    {
        int kept = 0;
        for (int i = 0; i < fifoCount; i++)
        {
            final int index = (fifoHead + i) % keyFifo.length;
            if (isCurrent(index))
            {
                compactionKeys[kept] = keyFifo[index];
                compactionSequences[kept++] = sequenceFifo[index];
            }
        }
        final long[] keys = keyFifo;
        keyFifo = compactionKeys;
        compactionKeys = keys;
        final long[] sequences = sequenceFifo;
        sequenceFifo = compactionSequences;
        compactionSequences = sequences;
        fifoHead = 0;
        fifoCount = kept;
    }

    private final class StreamInput extends Node<V>
    {
        void onRecord(final V record, final long timestampNs)
        {
            onStreamRecord(record, timestampNs);
        }

        void onWatermark(final long watermarkNs)
        {
            downstream.onWatermark(watermarkNs);
        }
    }

    private final class TableInput extends Node<T>
    {
        void onRecord(final T record, final long timestampNs)
        {
            onTableRecord(record);
        }

        void onWatermark(final long watermarkNs)
        {
        }
    }
}
