package io.streamflow.stream;

import org.HdrHistogram.Histogram;

import java.util.function.ToLongFunction;

/**
 * The built-in aggregations: count, sum, min, max, mean, arg-max (the max and a field of the record that had it),
 * and percentiles from an HdrHistogram recycled from window to window.
 */
public final class Aggregations
{
    private Aggregations()
    {
    }

    /**
     * @param <V> record view.
     * @return records in the window.
     */
    public static <V> Aggregation<V> count()
    {
        return sum(record -> 1L);
    }

    /**
     * @param value read from each record.
     * @param <V>   record view.
     * @return sum of the values.
     */
    public static <V> Aggregation<V> sum(final ToLongFunction<V> value)
    {
        return new Aggregation<>()
        {
            public int stateSlots()
            {
                return 1;
            }

            public void reset(final long[] state, final int at)
            {
                state[at] = 0;
            }

            public void add(final long[] state, final int at, final V record)
            {
                state[at] += value.applyAsLong(record);
            }

            public void merge(final long[] into, final int intoAt, final long[] from, final int fromAt)
            {
                into[intoAt] += from[fromAt];
            }

            public long result(final long[] state, final int at, final int index)
            {
                return state[at];
            }
        };
    }

    /**
     * @param value read from each record.
     * @param <V>   record view.
     * @return smallest value ({@link Long#MAX_VALUE} for an empty window).
     */
    public static <V> Aggregation<V> min(final ToLongFunction<V> value)
    {
        return extreme(value, false);
    }

    /**
     * @param value read from each record.
     * @param <V>   record view.
     * @return largest value ({@link Long#MIN_VALUE} for an empty window).
     */
    public static <V> Aggregation<V> max(final ToLongFunction<V> value)
    {
        return extreme(value, true);
    }

    /**
     * @param value read from each record.
     * @param tag   read from the record with the largest value; of several, the smallest tag.
     * @param <V>   record view.
     * @return two results: the largest value, and the tag of its record.
     */
    public static <V> Aggregation<V> maxBy(final ToLongFunction<V> value, final ToLongFunction<V> tag)
    {
        return new Aggregation<>()
        {
            public int stateSlots()
            {
                return 2;
            }

            public int resultCount()
            {
                return 2;
            }

            public void reset(final long[] state, final int at)
            {
                state[at] = Long.MIN_VALUE;
                state[at + 1] = Long.MAX_VALUE;
            }

            public void add(final long[] state, final int at, final V record)
            {
                take(state, at, value.applyAsLong(record), tag.applyAsLong(record));
            }

            public void merge(final long[] into, final int intoAt, final long[] from, final int fromAt)
            {
                take(into, intoAt, from[fromAt], from[fromAt + 1]);
            }

            public long result(final long[] state, final int at, final int index)
            {
                return state[at + index];
            }

            private void take(final long[] state, final int at, final long v, final long t)
            {
                if (v > state[at] || (v == state[at] && t < state[at + 1]))
                {
                    state[at] = v;
                    state[at + 1] = t;
                }
            }
        };
    }

    /**
     * @param value read from each record.
     * @param <V>   record view.
     * @return mean of the values, a double (NaN for an empty window).
     */
    public static <V> Aggregation<V> mean(final ToLongFunction<V> value)
    {
        return new Aggregation<>()
        {
            public int stateSlots()
            {
                return 2;
            }

            public boolean isDouble(final int index)
            {
                return true;
            }

            public void reset(final long[] state, final int at)
            {
                state[at] = 0;
                state[at + 1] = 0;
            }

            public void add(final long[] state, final int at, final V record)
            {
                state[at] += value.applyAsLong(record);
                state[at + 1]++;
            }

            public void merge(final long[] into, final int intoAt, final long[] from, final int fromAt)
            {
                into[intoAt] += from[fromAt];
                into[intoAt + 1] += from[fromAt + 1];
            }

            public long result(final long[] state, final int at, final int index)
            {
                return Double.doubleToRawLongBits((double)state[at] / state[at + 1]);
            }
        };
    }

    /**
     * Percentiles of a value per window, recorded into HdrHistograms taken from a pool sized at declaration and
     * given back when the window is done.
     *
     * @param value               read from each record, in [0, highestTrackableValue].
     * @param highestTrackableValue largest value recorded; larger ones are clamped to it.
     * @param maxWindows          histograms in the pool: windows open at once.
     * @param percentiles         to report, in order, e.g. 50, 99, 99.9.
     * @param <V>                 record view.
     * @return one result per percentile.
     */
    public static <V> Aggregation<V> percentiles(
        final ToLongFunction<V> value, final long highestTrackableValue, final int maxWindows,
        final double... percentiles)
    {
        final Histogram[] pool = new Histogram[maxWindows];
        final int[] free = new int[maxWindows];
        for (int i = 0; i < maxWindows; i++)
        {
            pool[i] = new Histogram(highestTrackableValue, 2);
            free[i] = i;
        }
        final int[] freeCount = { maxWindows };
        final double[] wanted = percentiles.clone();

        return new Aggregation<>()
        {
            public int stateSlots()
            {
                return 1;
            }

            public int resultCount()
            {
                return wanted.length;
            }

            public void reset(final long[] state, final int at)
            {
                if (0 == freeCount[0])
                {
                    throw new IllegalStateException("percentile histogram pool exhausted: " + maxWindows);
                }
                final int index = free[--freeCount[0]];
                pool[index].reset();
                state[at] = index;
            }

            public void add(final long[] state, final int at, final V record)
            {
                pool[(int)state[at]].recordValue(Math.min(Math.max(0, value.applyAsLong(record)),
                    highestTrackableValue));
            }

            public void merge(final long[] into, final int intoAt, final long[] from, final int fromAt)
            {
                pool[(int)into[intoAt]].add(pool[(int)from[fromAt]]);
            }

            public long result(final long[] state, final int at, final int index)
            {
                return pool[(int)state[at]].getValueAtPercentile(wanted[index]);
            }

            public void release(final long[] state, final int at)
            {
                free[freeCount[0]++] = (int)state[at];
            }

            public void writeState(final long[] state, final int at, final StateWriter writer)
            {
                final Histogram histogram = pool[(int)state[at]];
                final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
                final int length = histogram.encodeIntoByteBuffer(bytes);
                writer.putBytes(java.util.Arrays.copyOf(bytes.array(), length));
            }

            public void readState(final long[] state, final int at, final StateReader reader)
            {
                final Histogram decoded = Histogram.decodeFromByteBuffer(
                    java.nio.ByteBuffer.wrap(reader.getBytes()), highestTrackableValue);
                pool[(int)state[at]].add(decoded);
            }
        };
    }

    private static <V> Aggregation<V> extreme(final ToLongFunction<V> value, final boolean isMax)
    {
        return new Aggregation<>()
        {
            public int stateSlots()
            {
                return 1;
            }

            public void reset(final long[] state, final int at)
            {
                state[at] = isMax ? Long.MIN_VALUE : Long.MAX_VALUE;
            }

            public void add(final long[] state, final int at, final V record)
            {
                final long v = value.applyAsLong(record);
                state[at] = isMax ? Math.max(state[at], v) : Math.min(state[at], v);
            }

            public void merge(final long[] into, final int intoAt, final long[] from, final int fromAt)
            {
                into[intoAt] = isMax ? Math.max(into[intoAt], from[fromAt]) : Math.min(into[intoAt], from[fromAt]);
            }

            public long result(final long[] state, final int at, final int index)
            {
                return state[at];
            }
        };
    }
}
