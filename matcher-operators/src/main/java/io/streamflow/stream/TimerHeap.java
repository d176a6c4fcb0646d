package io.streamflow.stream;

import java.util.Arrays;

/**
 * A min-heap of timers (time, key, window start, kind) in parallel primitive arrays, ordered by time, then key, then
 * start: the order in which windows fire. Entries are never removed early; their owner checks on pop whether they
 * still apply.
 */
final class TimerHeap
{
    static final int FIRE = 0;
    static final int CLEANUP = 1;

    private long[] times;
    private long[] keys;
    private long[] starts;
    private int[] kinds;
    private int size;

    long poppedTime;
    long poppedKey;
    long poppedStart;
    int poppedKind;

    TimerHeap(final int initialCapacity)
    {
        times = new long[Math.max(16, initialCapacity)];
        keys = new long[times.length];
        starts = new long[times.length];
        kinds = new int[times.length];
    }

    int size()
    {
        return size;
    }

    long peekTime()
    {
        return times[0];
    }

    void push(final long time, final long key, final long start, final int kind)
    {
        if (size == times.length)
        {
            // Grows only past the configured window capacity: a one-off.
            final int capacity = times.length * 2;
            times = Arrays.copyOf(times, capacity);
            keys = Arrays.copyOf(keys, capacity);
            starts = Arrays.copyOf(starts, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!less(time, key, start, kind, parent))
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, time, key, start, kind);
    }

    void pop()
    {
        poppedTime = times[0];
        poppedKey = keys[0];
        poppedStart = starts[0];
        poppedKind = kinds[0];
        final int last = --size;
        if (0 == last)
        {
            return;
        }
        final long time = times[last];
        final long key = keys[last];
        final long start = starts[last];
        final int kind = kinds[last];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= last)
            {
                break;
            }
            if (child + 1 < last && less(times[child + 1], keys[child + 1], starts[child + 1], kinds[child + 1], child))
            {
                child++;
            }
            if (!lessThanValues(times[child], keys[child], starts[child], kinds[child], time, key, start, kind))
            {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, time, key, start, kind);
    }

    void clear()
    {
        size = 0;
    }

    long timeAt(final int index)
    {
        return times[index];
    }

    long keyAt(final int index)
    {
        return keys[index];
    }

    long startAt(final int index)
    {
        return starts[index];
    }

    int kindAt(final int index)
    {
        return kinds[index];
    }

    private boolean less(final long time, final long key, final long start, final int kind, final int index)
    {
        return lessThanValues(time, key, start, kind, times[index], keys[index], starts[index], kinds[index]);
    }

    private static boolean lessThanValues(
        final long timeA, final long keyA, final long startA, final int kindA,
        final long timeB, final long keyB, final long startB, final int kindB)
    {
        if (timeA != timeB)
        {
            return timeA < timeB;
        }
        if (keyA != keyB)
        {
            return keyA < keyB;
        }
        if (startA != startB)
        {
            return startA < startB;
        }
        return kindA < kindB;
    }

    private void move(final int from, final int to)
    {
        times[to] = times[from];
        keys[to] = keys[from];
        starts[to] = starts[from];
        kinds[to] = kinds[from];
    }

    private void set(final int index, final long time, final long key, final long start, final int kind)
    {
        times[index] = time;
        keys[index] = key;
        starts[index] = start;
        kinds[index] = kind;
    }
}
