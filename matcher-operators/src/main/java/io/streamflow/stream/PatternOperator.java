package io.streamflow.stream;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Detects a {@link Pattern} per key, in arrival order.
 * <ul>
 *     <li>Every record that satisfies the first step starts an attempt (at most {@code maxAttemptsPerKey} per key;
 *     beyond, the oldest is dropped and counted).</li>
 *     <li>Each record is offered to the key's attempts, oldest first: it advances an attempt whose current step it
 *     satisfies; otherwise a STRICT attempt dies and a RELAXED one waits.</li>
 *     <li>An attempt whose records would span more than {@code within} dies, as does one whose start plus
 *     {@code within} the watermark has passed.</li>
 *     <li>The first attempt to complete is the match: it is emitted and every other attempt of the key is dropped
 *     (matches do not overlap); the record that completed it starts nothing.</li>
 * </ul>
 * State is pooled: keys with attempts, and a fixed number of attempts per key.
 *
 * @param <V> record view.
 */
final class PatternOperator<V> extends Node<V> implements Counted, Snapshottable
{
    private final ToLongFunction<V> keyOf;
    private final Predicate<V>[] predicates;
    private final int[] times;
    private final long withinNs;
    private final boolean isStrict;
    private final int maxAttempts;
    private final Long2ObjectHashMap<Attempts> byKey;
    private final Attempts[] pool;
    private int free;
    private final TimerHeap expiries;
    private final UnsafeBuffer matchBuffer = new UnsafeBuffer(new byte[PatternMatch.LENGTH]);
    private final PatternMatch match = new PatternMatch();
    final Fanout<PatternMatch> downstream = new Fanout<>();
    private long watermarkNs = Long.MIN_VALUE;
    long droppedAttempts;
    long capacityRejects;

    @SuppressWarnings("unchecked")
    PatternOperator(final ToLongFunction<V> keyOf, final Pattern<V> pattern, final int maxKeys,
        final int maxAttemptsPerKey)
    {
        this.keyOf = keyOf;
        this.predicates = (Predicate<V>[])pattern.predicates.toArray(new Predicate<?>[0]);
        this.times = pattern.times.stream().mapToInt(Integer::intValue).toArray();
        this.withinNs = pattern.withinNs;
        this.isStrict = Pattern.Contiguity.STRICT == pattern.contiguity;
        this.maxAttempts = maxAttemptsPerKey;
        this.byKey = new Long2ObjectHashMap<>(Math.max(16, maxKeys * 2), 0.65f);
        this.pool = new Attempts[maxKeys];
        for (int i = 0; i < maxKeys; i++)
        {
            pool[i] = new Attempts(maxAttemptsPerKey);
        }
        this.free = maxKeys;
        this.expiries = new TimerHeap(maxKeys * 2);
    }

    void onRecord(final V record, final long timestampNs)
    {
        final long key = keyOf.applyAsLong(record);
        Attempts attempts = byKey.get(key);
        if (null != attempts)
        {
            for (int i = 0; i < attempts.size; )
            {
                final long start = attempts.starts[i];
                if (timestampNs - start > withinNs || (Long.MIN_VALUE != watermarkNs && watermarkNs - start > withinNs))
                {
                    attempts.removeAt(i);
                    continue;
                }
                final int step = attempts.steps[i];
                if (predicates[step].test(record))
                {
                    attempts.records[i]++;
                    if (++attempts.counts[i] == times[step])
                    {
                        attempts.steps[i] = step + 1;
                        attempts.counts[i] = 0;
                        if (step + 1 == predicates.length)
                        {
                            emit(key, start, timestampNs, attempts.records[i]);
                            attempts.size = 0;
                            release(key, attempts);
                            return;
                        }
                    }
                }
                else if (isStrict)
                {
                    attempts.removeAt(i);
                    continue;
                }
                i++;
            }
        }

        if (predicates[0].test(record))
        {
            if (1 == times[0] && 1 == predicates.length)
            {
                if (null != attempts)
                {
                    attempts.size = 0;
                }
                emit(key, timestampNs, timestampNs, 1);
            }
            else
            {
                if (null == attempts)
                {
                    if (0 == free)
                    {
                        capacityRejects++;
                        return;
                    }
                    attempts = pool[--free];
                    attempts.size = 0;
                    byKey.put(key, attempts);
                }
                if (attempts.size == maxAttempts)
                {
                    attempts.removeAt(0);
                    droppedAttempts++;
                }
                final int at = attempts.size++;
                attempts.starts[at] = timestampNs;
                attempts.steps[at] = 1 == times[0] ? 1 : 0;
                attempts.counts[at] = 1 == times[0] ? 0 : 1;
                attempts.records[at] = 1;
                if (Long.MAX_VALUE - withinNs > timestampNs)
                {
                    expiries.push(timestampNs + withinNs, key, 0, TimerHeap.CLEANUP);
                }
            }
        }

        if (null != attempts && 0 == attempts.size)
        {
            release(key, attempts);
        }
    }

    void onWatermark(final long watermarkNs)
    {
        if (watermarkNs <= this.watermarkNs)
        {
            return;
        }
        this.watermarkNs = watermarkNs;
        while (expiries.size() > 0 && expiries.peekTime() < watermarkNs)
        {
            expiries.pop();
            final long key = expiries.poppedKey;
            final Attempts attempts = byKey.get(key);
            if (null == attempts)
            {
                continue;
            }
            for (int i = 0; i < attempts.size; )
            {
                if (watermarkNs - attempts.starts[i] > withinNs)
                {
                    attempts.removeAt(i);
                }
                else
                {
                    i++;
                }
            }
            if (0 == attempts.size)
            {
                release(key, attempts);
            }
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
        return droppedAttempts;
    }

    /**
     * {@inheritDoc}
     */
    public long capacityRejects()
    {
        return capacityRejects;
    }

    int keysHeld()
    {
        return byKey.size();
    }

    /**
     * {@inheritDoc}
     */
    public int stateType()
    {
        return 7;
    }

    /**
     * {@inheritDoc}
     */
    public void writeState(final StateWriter writer)
    {
        writer.putLong(watermarkNs);
        writer.putLong(droppedAttempts);
        writer.putLong(capacityRejects);
        final long[] keys = new long[byKey.size()];
        int k = 0;
        for (final Long2ObjectHashMap<Attempts>.KeyIterator it = byKey.keySet().iterator(); it.hasNext(); )
        {
            keys[k++] = it.nextLong();
        }
        java.util.Arrays.sort(keys);
        writer.putInt(keys.length);
        for (final long key : keys)
        {
            final Attempts attempts = byKey.get(key);
            writer.putLong(key);
            writer.putInt(attempts.size);
            for (int i = 0; i < attempts.size; i++)
            {
                writer.putLong(attempts.starts[i]);
                writer.putInt(attempts.steps[i]);
                writer.putInt(attempts.counts[i]);
                writer.putLong(attempts.records[i]);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void readState(final StateReader reader)
    {
        if (!byKey.isEmpty())
        {
            throw new IllegalStateException("restore needs a new pipeline");
        }
        watermarkNs = reader.getLong();
        droppedAttempts = reader.getLong();
        capacityRejects = reader.getLong();
        final int keys = reader.getInt();
        for (int k = 0; k < keys; k++)
        {
            if (0 == free)
            {
                throw new IllegalStateException("snapshot holds more keys than this pattern's capacity");
            }
            final long key = reader.getLong();
            final Attempts attempts = pool[--free];
            attempts.size = reader.getInt();
            for (int i = 0; i < attempts.size; i++)
            {
                attempts.starts[i] = reader.getLong();
                attempts.steps[i] = reader.getInt();
                attempts.counts[i] = reader.getInt();
                attempts.records[i] = reader.getLong();
                if (Long.MAX_VALUE - withinNs > attempts.starts[i])
                {
                    expiries.push(attempts.starts[i] + withinNs, key, 0, TimerHeap.CLEANUP);
                }
            }
            byKey.put(key, attempts);
        }
    }

    private void emit(final long key, final long start, final long end, final long records)
    {
        PatternMatch.encode(matchBuffer, key, start, end, records);
        match.wrap(matchBuffer, 0, PatternMatch.LENGTH);
        downstream.onRecord(match, end);
    }

    private void release(final long key, final Attempts attempts)
    {
        if (null != byKey.remove(key))
        {
            pool[free++] = attempts;
        }
    }

    static final class Attempts
    {
        final long[] starts;
        final int[] steps;
        final int[] counts;
        final long[] records;
        int size;

        Attempts(final int capacity)
        {
            starts = new long[capacity];
            steps = new int[capacity];
            counts = new int[capacity];
            records = new long[capacity];
        }

        void removeAt(final int index)
        {
            final int tail = size - index - 1;
            System.arraycopy(starts, index + 1, starts, index, tail);
            System.arraycopy(steps, index + 1, steps, index, tail);
            System.arraycopy(counts, index + 1, counts, index, tail);
            System.arraycopy(records, index + 1, records, index, tail);
            size--;
        }
    }
}
