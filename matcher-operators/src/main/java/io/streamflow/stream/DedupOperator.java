package io.streamflow.stream;

import org.agrona.collections.Long2LongHashMap;

import java.util.function.ToLongFunction;

/**
 * Drops records whose id passed within the horizon (by timestamp). Two rotating Bloom filters, each covering one
 * horizon, answer "surely new" for most records without a map lookup; when they say "maybe seen", an exact map of
 * the ids seen within the horizon decides, so there is never a false duplicate inside the horizon. Ids older than
 * the horizon are forgotten in timestamp order. The exact set is bounded: a full set refuses new ids (they pass
 * through and are counted as unchecked) rather than grow.
 *
 * @param <V> record view.
 */
final class DedupOperator<V> extends Node<V> implements Snapshottable
{
    private static final long MISSING = Long.MIN_VALUE;

    private final ToLongFunction<V> idOf;
    private final long horizonNs;
    private final long[] bloomCurrent;
    private final long[] bloomPrevious;
    private final int bloomMask;
    private long generationEndNs = Long.MIN_VALUE;
    private final Long2LongHashMap seen;
    private final long[] fifoIds;
    private final long[] fifoTimes;
    private int fifoHead;
    private int fifoCount;
    final Fanout<V> downstream = new Fanout<>();
    long duplicates;
    long unchecked;

    DedupOperator(final ToLongFunction<V> idOf, final long horizonNs, final int maxIdsInHorizon)
    {
        if (horizonNs <= 0 || maxIdsInHorizon <= 0)
        {
            throw new IllegalArgumentException("dedup horizon and capacity must be positive");
        }
        this.idOf = idOf;
        this.horizonNs = horizonNs;
        final int bits = Integer.highestOneBit(Math.max(64, maxIdsInHorizon * 16 - 1)) << 1;
        this.bloomCurrent = new long[bits / 64];
        this.bloomPrevious = new long[bits / 64];
        this.bloomMask = bits - 1;
        this.seen = new Long2LongHashMap(Math.max(16, maxIdsInHorizon * 2), 0.65f, MISSING);
        this.fifoIds = new long[maxIdsInHorizon];
        this.fifoTimes = new long[maxIdsInHorizon];
    }

    void onRecord(final V record, final long timestampNs)
    {
        forgetBefore(timestampNs - horizonNs);
        rotateBlooms(timestampNs);
        final long id = idOf.applyAsLong(record);
        if (mightContain(id))
        {
            final long seenAt = seen.get(id);
            if (MISSING != seenAt && timestampNs - seenAt < horizonNs)
            {
                duplicates++;
                return;
            }
        }

        if (fifoCount == fifoIds.length)
        {
            unchecked++;
        }
        else
        {
            seen.put(id, timestampNs);
            final int tail = (fifoHead + fifoCount) % fifoIds.length;
            fifoIds[tail] = id;
            fifoTimes[tail] = timestampNs;
            fifoCount++;
            addToBloom(id);
        }
        downstream.onRecord(record, timestampNs);
    }

    void onWatermark(final long watermarkNs)
    {
        downstream.onWatermark(watermarkNs);
    }

    void onIdle(final boolean isIdle)
    {
        downstream.onIdle(isIdle);
    }

    int idsHeld()
    {
        return seen.size();
    }

    /**
     * {@inheritDoc}
     */
    public int stateType()
    {
        return 5;
    }

    /**
     * {@inheritDoc}
     */
    public void writeState(final StateWriter writer)
    {
        writer.putLong(duplicates);
        writer.putLong(unchecked);
        writer.putLong(generationEndNs);
        for (final long word : bloomCurrent)
        {
            writer.putLong(word);
        }
        for (final long word : bloomPrevious)
        {
            writer.putLong(word);
        }
        writer.putInt(fifoCount);
        for (int i = 0; i < fifoCount; i++)
        {
            final int index = (fifoHead + i) % fifoIds.length;
            writer.putLong(fifoIds[index]);
            writer.putLong(fifoTimes[index]);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void readState(final StateReader reader)
    {
        if (0 != fifoCount)
        {
            throw new IllegalStateException("restore needs a new pipeline");
        }
        duplicates = reader.getLong();
        unchecked = reader.getLong();
        generationEndNs = reader.getLong();
        for (int i = 0; i < bloomCurrent.length; i++)
        {
            bloomCurrent[i] = reader.getLong();
        }
        for (int i = 0; i < bloomPrevious.length; i++)
        {
            bloomPrevious[i] = reader.getLong();
        }
        final int count = reader.getInt();
        if (count > fifoIds.length)
        {
            throw new IllegalStateException("snapshot holds more ids than this dedup's capacity");
        }
        for (int i = 0; i < count; i++)
        {
            fifoIds[i] = reader.getLong();
            fifoTimes[i] = reader.getLong();
            seen.put(fifoIds[i], fifoTimes[i]);
        }
        fifoHead = 0;
        fifoCount = count;
    }

    private void forgetBefore(final long oldestKeptNs)
    {
        while (fifoCount > 0 && fifoTimes[fifoHead] < oldestKeptNs)
        {
            final long id = fifoIds[fifoHead];
            if (seen.get(id) == fifoTimes[fifoHead])
            {
                seen.remove(id);
            }
            fifoHead = (fifoHead + 1) % fifoIds.length;
            fifoCount--;
        }
    }

    /**
     * Each Bloom generation covers one horizon: an id that passed at time a, in the generation ending at E (so
     * a &gt;= E - horizon), stays in the current or previous generation until E + horizon &gt;= a + horizon.
     */
    private void rotateBlooms(final long timestampNs)
    {
        if (Long.MIN_VALUE == generationEndNs)
        {
            generationEndNs = timestampNs + horizonNs;
            return;
        }
        if (timestampNs >= generationEndNs)
        {
            if (timestampNs >= generationEndNs + horizonNs)
            {
                java.util.Arrays.fill(bloomPrevious, 0);
            }
            else
            {
                System.arraycopy(bloomCurrent, 0, bloomPrevious, 0, bloomCurrent.length);
            }
            java.util.Arrays.fill(bloomCurrent, 0);
            generationEndNs += horizonNs * ((timestampNs - generationEndNs) / horizonNs + 1);
        }
    }

    private boolean mightContain(final long id)
    {
        final long h1 = mix(id);
        final long h2 = mix(id ^ 0x9E3779B97F4A7C15L);
        return (bit(bloomCurrent, h1) && bit(bloomCurrent, h2)) || (bit(bloomPrevious, h1) && bit(bloomPrevious, h2));
    }

    private void addToBloom(final long id)
    {
        set(bloomCurrent, mix(id));
        set(bloomCurrent, mix(id ^ 0x9E3779B97F4A7C15L));
    }

    private boolean bit(final long[] bits, final long hash)
    {
        final int index = (int)(hash & bloomMask);
        return (bits[index >>> 6] & (1L << (index & 63))) != 0;
    }

    private void set(final long[] bits, final long hash)
    {
        final int index = (int)(hash & bloomMask);
        bits[index >>> 6] |= 1L << (index & 63);
    }

    private static long mix(final long value)
    {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
