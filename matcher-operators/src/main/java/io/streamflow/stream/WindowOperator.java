package io.streamflow.stream;

import org.agrona.ExpandableArrayBuffer;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Keyed windows in event (or processing) time: assigns each record to its windows, keeps each window's aggregation
 * state in pooled primitive slots, fires a window when the watermark passes its end, and fires it again for each
 * record that arrives within the allowed lateness. A record too late for every window it belongs to goes to the
 * late output and is counted; so does one that finds the window pool full. Nothing is dropped silently.
 * <p>
 * Results on a watermark come out in window end order, then key order. A window [start, end) holds timestamps
 * start &lt;= t &lt; end; it fires at watermark &gt;= end - 1 and is dropped at watermark &gt;= end - 1 + lateness.
 *
 * @param <V> record view it takes.
 */
final class WindowOperator<V> extends Node<V> implements Counted, Snapshottable
{
    private final WindowSpec spec;
    private final ToLongFunction<V> keyOf;
    private final Aggregation<V>[] aggregations;
    private final int[] firstSlot;
    private final int slotCount;
    private final int valueCount;
    private final WindowTable<WindowState> windows;
    private final TimerHeap timers;
    private final ExpandableArrayBuffer resultBuffer = new ExpandableArrayBuffer(128);
    private final WindowResult result = new WindowResult();
    final Fanout<WindowResult> downstream = new Fanout<>();
    final Fanout<V> lateOutput = new Fanout<>();
    private long watermarkNs = Long.MIN_VALUE;
    long lateRecords;
    long capacityRejects;

    @SuppressWarnings("unchecked")
    WindowOperator(
        final WindowSpec spec,
        final ToLongFunction<V> keyOf,
        final int maxWindows,
        final List<Aggregation<V>> aggregations)
    {
        this.spec = spec;
        this.keyOf = keyOf;
        this.aggregations = (Aggregation<V>[])aggregations.toArray(new Aggregation<?>[0]);
        this.firstSlot = new int[this.aggregations.length];
        int slots = 1;
        int values = 0;
        for (int i = 0; i < this.aggregations.length; i++)
        {
            firstSlot[i] = slots;
            slots += this.aggregations[i].stateSlots();
            values += this.aggregations[i].resultCount();
        }
        this.slotCount = slots;
        this.valueCount = values;
        this.windows = new WindowTable<>(maxWindows, () -> new WindowState(slotCount));
        this.timers = new TimerHeap(maxWindows * 2);
    }

    void onRecord(final V record, final long timestampNs)
    {
        final long key = keyOf.applyAsLong(record);
        if (WindowSpec.Kind.SESSION == spec.kind())
        {
            onSessionRecord(record, key, timestampNs);
            return;
        }

        boolean added = false;
        boolean rejected = false;
        final long lastStart = Math.floorDiv(timestampNs, spec.slideNs()) * spec.slideNs();
        for (long start = lastStart; start > timestampNs - spec.sizeNs(); start -= spec.slideNs())
        {
            final long end = start + spec.sizeNs();
            if (isLate(end))
            {
                continue;
            }
            final WindowState state = findOrCreate(key, start, end);
            if (null == state)
            {
                rejected = true;
                continue;
            }
            add(state, record);
            added = true;
            if (end - 1 <= watermarkNs)
            {
                fire(state);
            }
        }

        if (!added)
        {
            sideOutput(record, timestampNs, rejected);
        }
    }

    private void onSessionRecord(final V record, final long key, final long timestampNs)
    {
        long start = timestampNs;
        long end = timestampNs + spec.gapNs();
        final KeyWindowList<WindowState> keyWindows = windows.windowsOf(key);
        if (null != keyWindows)
        {
            for (int i = 0; i < keyWindows.count; i++)
            {
                final WindowState s = keyWindows.get(i);
                if (s.start <= end && s.end >= start)
                {
                    start = Math.min(start, s.start);
                    end = Math.max(end, s.end);
                }
            }
        }
        if (isLate(end))
        {
            sideOutput(record, timestampNs, false);
            return;
        }

        WindowState target = null;
        boolean wasFired = false;
        if (null != keyWindows)
        {
            for (int i = keyWindows.count - 1; i >= 0; i--)
            {
                final WindowState s = keyWindows.get(i);
                if (s.start <= end && s.end >= start)
                {
                    wasFired |= s.isFired;
                    if (null == target)
                    {
                        target = s;
                    }
                    else
                    {
                        for (int a = 0; a < aggregations.length; a++)
                        {
                            aggregations[a].merge(target.slots, firstSlot[a], s.slots, firstSlot[a]);
                        }
                        target.slots[0] += s.slots[0];
                        release(keyWindows, i);
                    }
                }
            }
        }
        if (null == target)
        {
            target = findOrCreate(key, start, end);
            if (null == target)
            {
                sideOutput(record, timestampNs, true);
                return;
            }
        }
        else
        {
            target.start = start;
            target.end = end;
            // A session extended past the watermark has not fired in its new extent yet.
            target.isFired = wasFired && end - 1 <= watermarkNs;
            timers.push(end - 1, key, start, TimerHeap.FIRE);
        }

        add(target, record);
        if (end - 1 <= watermarkNs)
        {
            fire(target);
        }
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
            final long key = timers.poppedKey;
            final KeyWindowList<WindowState> keyWindows = windows.windowsOf(key);
            final int index = null == keyWindows ? -1 : keyWindows.indexOf(timers.poppedStart);
            if (index < 0)
            {
                continue;
            }
            final WindowState state = keyWindows.get(index);
            if (TimerHeap.FIRE == timers.poppedKind)
            {
                if (state.end - 1 == timers.poppedTime && !state.isFired)
                {
                    fire(state);
                    if (0 == spec.allowedLatenessNs())
                    {
                        release(keyWindows, index);
                    }
                }
            }
            else if (state.end - 1 + spec.allowedLatenessNs() == timers.poppedTime)
            {
                release(keyWindows, index);
            }
        }

        downstream.onWatermark(watermarkNs);
    }

    long watermarkNs()
    {
        return watermarkNs;
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

    int openWindows()
    {
        return windows.openWindows();
    }

    /**
     * {@inheritDoc}
     */
    public int stateType()
    {
        return 2;
    }

    /**
     * {@inheritDoc}
     */
    public void writeState(final StateWriter writer)
    {
        writer.putLong(watermarkNs);
        writer.putLong(lateRecords);
        writer.putLong(capacityRejects);
        final List<WindowState> open = windows.sortedOpenWindows();
        writer.putInt(open.size());
        for (final WindowState state : open)
        {
            writer.putLong(state.key);
            writer.putLong(state.start);
            writer.putLong(state.end);
            writer.putBoolean(state.isFired);
            writer.putLong(state.slots[0]);
            for (int a = 0; a < aggregations.length; a++)
            {
                aggregations[a].writeState(state.slots, firstSlot[a], writer);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void readState(final StateReader reader)
    {
        if (0 != openWindows())
        {
            throw new IllegalStateException("restore needs a new pipeline");
        }
        watermarkNs = reader.getLong();
        lateRecords = reader.getLong();
        capacityRejects = reader.getLong();
        final int count = reader.getInt();
        for (int i = 0; i < count; i++)
        {
            final long key = reader.getLong();
            final long start = reader.getLong();
            final long end = reader.getLong();
            final boolean isFired = reader.getBoolean();
            final WindowState state = findOrCreate(key, start, end);
            if (null == state)
            {
                throw new IllegalStateException("snapshot holds more windows than this operator's capacity");
            }
            state.isFired = isFired;
            state.slots[0] = reader.getLong();
            for (int a = 0; a < aggregations.length; a++)
            {
                aggregations[a].readState(state.slots, firstSlot[a], reader);
            }
            if (isFired && spec.allowedLatenessNs() > 0)
            {
                timers.push(end - 1 + spec.allowedLatenessNs(), key, start, TimerHeap.CLEANUP);
            }
        }
    }

    private boolean isLate(final long end)
    {
        return Long.MIN_VALUE != watermarkNs && end - 1 + spec.allowedLatenessNs() <= watermarkNs;
    }

    private void add(final WindowState state, final V record)
    {
        state.slots[0]++;
        for (int a = 0; a < aggregations.length; a++)
        {
            aggregations[a].add(state.slots, firstSlot[a], record);
        }
    }

    private void fire(final WindowState state)
    {
        final boolean isFirstFiring = !state.isFired;
        state.isFired = true;
        final int length = WindowResult.encode(
            resultBuffer, state.key, state.start, state.end, state.slots[0], valueCount);
        int value = 0;
        for (int a = 0; a < aggregations.length; a++)
        {
            for (int r = 0; r < aggregations[a].resultCount(); r++)
            {
                WindowResult.putValue(resultBuffer, value++, aggregations[a].result(state.slots, firstSlot[a], r));
            }
        }
        result.wrap(resultBuffer, 0, length);
        downstream.onRecord(result, state.end - 1);

        if (isFirstFiring && spec.allowedLatenessNs() > 0)
        {
            timers.push(state.end - 1 + spec.allowedLatenessNs(), state.key, state.start, TimerHeap.CLEANUP);
        }
    }

    private void sideOutput(final V record, final long timestampNs, final boolean isCapacityReject)
    {
        if (isCapacityReject)
        {
            capacityRejects++;
        }
        else
        {
            lateRecords++;
        }
        lateOutput.onRecord(record, timestampNs);
    }

    private WindowState findOrCreate(final long key, final long start, final long end)
    {
        WindowState state = windows.find(key, start);
        if (null == state)
        {
            state = windows.open(key, start, end);
            if (null != state)
            {
                state.slots[0] = 0;
                for (int a = 0; a < aggregations.length; a++)
                {
                    aggregations[a].reset(state.slots, firstSlot[a]);
                }
                timers.push(end - 1, key, start, TimerHeap.FIRE);
            }
        }
        return state;
    }

    private void release(final KeyWindowList<WindowState> keyWindows, final int index)
    {
        final WindowState state = keyWindows.get(index);
        for (int a = 0; a < aggregations.length; a++)
        {
            aggregations[a].release(state.slots, firstSlot[a]);
        }
        windows.release(keyWindows, index);
    }

    static final class WindowState extends KeyWindowList.Window
    {
        final long[] slots;

        WindowState(final int slotCount)
        {
            slots = new long[slotCount];
        }
    }
}
