package io.streamflow.stream;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The k best window results of each window (largest value first, ties by smallest key), emitted when the watermark
 * passes the window's end: "hot items". Results are copied into pre-sized slots. A result for a window already
 * emitted (a late re-fire upstream) is counted as late and sent to the late output.
 */
final class TopKOperator extends Node<WindowResult> implements Counted, Snapshottable
{
    private final int k;
    private final int valueIndex;
    private final RecordArena arena;
    private final Long2ObjectHashMap<Ranking> byEnd;
    private final Ranking[] pool;
    private int free;
    private final TimerHeap timers;
    private final WindowResult view = new WindowResult();
    final Fanout<WindowResult> downstream = new Fanout<>();
    final Fanout<WindowResult> lateOutput = new Fanout<>();
    private long watermarkNs = Long.MIN_VALUE;
    private long lateRecords;
    private long capacityRejects;

    TopKOperator(final int k, final int valueIndex, final int maxWindows, final int maxResultLength)
    {
        this.k = k;
        this.valueIndex = valueIndex;
        this.arena = new RecordArena(maxWindows * k, maxResultLength);
        this.byEnd = new Long2ObjectHashMap<>(Math.max(16, maxWindows * 2), 0.65f);
        this.pool = new Ranking[maxWindows];
        for (int i = 0; i < maxWindows; i++)
        {
            pool[i] = new Ranking(k);
        }
        this.free = maxWindows;
        this.timers = new TimerHeap(maxWindows);
    }

    void onRecord(final WindowResult result, final long timestampNs)
    {
        final long end = result.windowEnd();
        if (end - 1 <= watermarkNs)
        {
            lateRecords++;
            lateOutput.onRecord(result, timestampNs);
            return;
        }
        Ranking ranking = byEnd.get(end);
        if (null == ranking)
        {
            if (0 == free)
            {
                capacityRejects++;
                lateOutput.onRecord(result, timestampNs);
                return;
            }
            ranking = pool[--free];
            ranking.end = end;
            ranking.count = 0;
            byEnd.put(end, ranking);
            timers.push(end - 1, 0, end, TimerHeap.FIRE);
        }
        final long value = result.longValue(valueIndex);
        final long key = result.key();
        int position = ranking.count;
        while (position > 0 && isBetter(value, key, ranking.values[position - 1], ranking.keys[position - 1]))
        {
            position--;
        }
        if (position >= k)
        {
            return;
        }
        if (ranking.count == k)
        {
            arena.release(ranking.slots[k - 1]);
            ranking.count--;
        }
        final int slot = arena.store(result.buffer(), result.offset(), result.length());
        if (slot < 0)
        {
            capacityRejects++;
            lateOutput.onRecord(result, timestampNs);
            return;
        }
        System.arraycopy(ranking.values, position, ranking.values, position + 1, ranking.count - position);
        System.arraycopy(ranking.keys, position, ranking.keys, position + 1, ranking.count - position);
        System.arraycopy(ranking.slots, position, ranking.slots, position + 1, ranking.count - position);
        ranking.values[position] = value;
        ranking.keys[position] = key;
        ranking.slots[position] = slot;
        ranking.count++;
    }

    void onWatermark(final long watermarkNs)
    {
        if (watermarkNs <= this.watermarkNs)
        {
            return;
        }
        this.watermarkNs = watermarkNs;
        while (timers.size() > 0 && timers.peekTime() <= watermarkNs)
        {
            timers.pop();
            final Ranking ranking = byEnd.remove(timers.poppedStart);
            if (null == ranking)
            {
                continue;
            }
            for (int i = 0; i < ranking.count; i++)
            {
                final int slot = ranking.slots[i];
                view.wrap(arena.buffer(), arena.offsetOf(slot), arena.lengthOf(slot));
                downstream.onRecord(view, ranking.end - 1);
                arena.release(slot);
            }
            ranking.count = 0;
            pool[free++] = ranking;
        }
        downstream.onWatermark(watermarkNs);
    }

    void onIdle(final boolean isIdle)
    {
        downstream.onIdle(isIdle);
    }

    /**
     * {@inheritDoc}
     */
    public long lateRecords()
    {
        return lateRecords;
    }

    /**
     * {@inheritDoc}
     */
    public long capacityRejects()
    {
        return capacityRejects;
    }

    /**
     * {@inheritDoc}
     */
    public int stateType()
    {
        return 4;
    }

    /**
     * {@inheritDoc}
     */
    public void writeState(final StateWriter writer)
    {
        writer.putLong(watermarkNs);
        writer.putLong(lateRecords);
        writer.putLong(capacityRejects);
        final java.util.List<Ranking> open = new java.util.ArrayList<>(byEnd.values());
        open.sort(java.util.Comparator.comparingLong((Ranking r) -> r.end));
        writer.putInt(open.size());
        for (final Ranking ranking : open)
        {
            writer.putLong(ranking.end);
            writer.putInt(ranking.count);
            for (int i = 0; i < ranking.count; i++)
            {
                writer.putLong(ranking.values[i]);
                writer.putLong(ranking.keys[i]);
                writer.putBytes(arena.buffer(), arena.offsetOf(ranking.slots[i]), arena.lengthOf(ranking.slots[i]));
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void readState(final StateReader reader)
    {
        if (!byEnd.isEmpty())
        {
            throw new IllegalStateException("restore needs a new pipeline");
        }
        watermarkNs = reader.getLong();
        lateRecords = reader.getLong();
        capacityRejects = reader.getLong();
        final int count = reader.getInt();
        for (int i = 0; i < count; i++)
        {
            if (0 == free)
            {
                throw new IllegalStateException("snapshot holds more windows than this top-k's capacity");
            }
            final Ranking ranking = pool[--free];
            ranking.end = reader.getLong();
            ranking.count = reader.getInt();
            for (int r = 0; r < ranking.count; r++)
            {
                ranking.values[r] = reader.getLong();
                ranking.keys[r] = reader.getLong();
                final int length = reader.getBytesLength();
                ranking.slots[r] = arena.store(reader.buffer(), reader.position(), length);
                reader.skip(length);
            }
            byEnd.put(ranking.end, ranking);
            timers.push(ranking.end - 1, 0, ranking.end, TimerHeap.FIRE);
        }
    }

    private static boolean isBetter(final long value, final long key, final long otherValue, final long otherKey)
    {
        return value > otherValue || (value == otherValue && key < otherKey);
    }

    static final class Ranking
    {
        final long[] values;
        final long[] keys;
        final int[] slots;
        long end;
        int count;

        Ranking(final int k)
        {
            values = new long[k];
            keys = new long[k];
            slots = new int[k];
        }
    }
}
