package io.streamflow.stream;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The state a keyed process step keeps: one long value per key, and a map of longs per key, in primitive
 * collections, with an optional time to live (measured in record time: an entry not written for longer than the TTL
 * reads as absent) and a bound on keys. A new key that finds the state full is refused (counted, the write returns
 * false) or evicts the key that entered first, as declared; expired keys are cleared first. Never grows past its
 * bound.
 * <p>
 * Not thread safe: used by the pipeline's thread.
 */
public final class KeyedState
{
    /** What reads of an absent value return. */
    public static final long ABSENT = Long.MIN_VALUE;

    private final int maxKeys;
    private final int maxMapEntriesPerKey;
    private final long ttlNs;
    private final OverflowPolicy policy;
    private final Long2LongHashMap values;
    private final Long2ObjectHashMap<Long2LongHashMap> maps;
    private final Long2LongHashMap writtenAt;
    private final Long2LongHashMap insertedAt;
    private final Long2LongHashMap[] mapPool;
    private int freeMaps;
    private long[] fifoKeys;
    private long[] fifoSequences;
    private long[] compactionKeys;
    private long[] compactionSequences;
    private int fifoHead;
    private int fifoCount;
    private long insertions;
    private long nowNs;
    private long lastSweepNs = Long.MIN_VALUE;
    private final long[] sweepScratch;
    long rejects;
    long evictions;
    long expirations;

    KeyedState(final int maxKeys, final int maxMapEntriesPerKey, final long ttlNs, final OverflowPolicy policy)
    {
        if (maxKeys <= 0 || maxMapEntriesPerKey < 0 || ttlNs <= 0)
        {
            throw new IllegalArgumentException("state bounds and ttl must be positive");
        }
        this.maxKeys = maxKeys;
        this.maxMapEntriesPerKey = maxMapEntriesPerKey;
        this.ttlNs = ttlNs;
        this.policy = policy;
        this.values = new Long2LongHashMap(Math.max(16, maxKeys * 2), 0.65f, ABSENT);
        this.maps = new Long2ObjectHashMap<>(Math.max(16, maxKeys * 2), 0.65f);
        this.writtenAt = new Long2LongHashMap(Math.max(16, maxKeys * 2), 0.65f, ABSENT);
        this.insertedAt = new Long2LongHashMap(Math.max(16, maxKeys * 2), 0.65f, ABSENT);
        this.mapPool = new Long2LongHashMap[maxMapEntriesPerKey > 0 ? maxKeys : 0];
        for (int i = 0; i < mapPool.length; i++)
        {
            mapPool[i] = new Long2LongHashMap(Math.max(8, maxMapEntriesPerKey * 2), 0.65f, ABSENT);
        }
        this.freeMaps = mapPool.length;
        this.fifoKeys = new long[maxKeys * 2];
        this.fifoSequences = new long[maxKeys * 2];
        this.compactionKeys = new long[maxKeys * 2];
        this.compactionSequences = new long[maxKeys * 2];
        this.sweepScratch = new long[maxKeys];
    }

    /**
     * @param key of the value.
     * @return the value, or {@link #ABSENT} when never written, expired or evicted.
     */
    public long value(final long key)
    {
        return isLive(key) ? values.get(key) : ABSENT;
    }

    /**
     * @param key   of the value.
     * @param value to keep.
     * @return false when the state is full and refuses the key (counted).
     */
    public boolean setValue(final long key, final long value)
    {
        if (!admit(key))
        {
            return false;
        }
        values.put(key, value);
        return true;
    }

    /**
     * @param key    of the map.
     * @param mapKey in the map.
     * @return the entry, or {@link #ABSENT}.
     */
    public long mapValue(final long key, final long mapKey)
    {
        final Long2LongHashMap map = isLive(key) ? maps.get(key) : null;
        return null == map ? ABSENT : map.get(mapKey);
    }

    /**
     * @param key    of the map.
     * @param mapKey in the map.
     * @param value  to keep.
     * @return false when the state refuses the key, or the key's map is full (counted).
     */
    public boolean putMapValue(final long key, final long mapKey, final long value)
    {
        if (0 == mapPool.length)
        {
            rejects++;
            return false;
        }
        if (!admit(key))
        {
            return false;
        }
        Long2LongHashMap map = maps.get(key);
        if (null == map)
        {
            map = mapPool[--freeMaps];
            maps.put(key, map);
        }
        if (!map.containsKey(mapKey) && map.size() >= maxMapEntriesPerKey)
        {
            rejects++;
            return false;
        }
        map.put(mapKey, value);
        return true;
    }

    /**
     * Forget everything about a key.
     *
     * @param key to clear.
     */
    public void clear(final long key)
    {
        values.remove(key);
        final Long2LongHashMap map = maps.remove(key);
        if (null != map)
        {
            map.clear();
            mapPool[freeMaps++] = map;
        }
        writtenAt.remove(key);
        insertedAt.remove(key);
    }

    /**
     * @return keys held (live or not yet found expired).
     */
    public int size()
    {
        return insertedAt.size();
    }

    void writeState(final StateWriter writer)
    {
        writer.putLong(nowNs);
        writer.putLong(lastSweepNs);
        writer.putLong(insertions);
        writer.putLong(rejects);
        writer.putLong(evictions);
        writer.putLong(expirations);
        writer.putInt(insertedAt.size());
        for (int i = 0; i < fifoCount; i++)
        {
            final int index = (fifoHead + i) % fifoKeys.length;
            final long key = fifoKeys[index];
            if (insertedAt.get(key) != fifoSequences[index])
            {
                continue;
            }
            writer.putLong(key);
            writer.putLong(fifoSequences[index]);
            writer.putLong(writtenAt.get(key));
            writer.putLong(values.get(key));
            final Long2LongHashMap map = maps.get(key);
            final long[] mapKeys = new long[null == map ? 0 : map.size()];
            if (null != map)
            {
                int m = 0;
                for (final Long2LongHashMap.KeyIterator it = map.keySet().iterator(); it.hasNext(); )
                {
                    mapKeys[m++] = it.nextValue();
                }
                java.util.Arrays.sort(mapKeys);
            }
            writer.putInt(mapKeys.length);
            for (final long mapKey : mapKeys)
            {
                writer.putLong(mapKey);
                writer.putLong(map.get(mapKey));
            }
        }
    }

    void readState(final StateReader reader)
    {
        if (0 != insertedAt.size())
        {
            throw new IllegalStateException("restore needs a new pipeline");
        }
        nowNs = reader.getLong();
        lastSweepNs = reader.getLong();
        insertions = reader.getLong();
        rejects = reader.getLong();
        evictions = reader.getLong();
        expirations = reader.getLong();
        final int count = reader.getInt();
        if (count > maxKeys)
        {
            throw new IllegalStateException("snapshot holds more keys than this state's capacity");
        }
        for (int i = 0; i < count; i++)
        {
            final long key = reader.getLong();
            final long sequence = reader.getLong();
            insertedAt.put(key, sequence);
            writtenAt.put(key, reader.getLong());
            final long value = reader.getLong();
            if (ABSENT != value)
            {
                values.put(key, value);
            }
            final int entries = reader.getInt();
            if (entries > 0)
            {
                final Long2LongHashMap map = mapPool[--freeMaps];
                for (int e = 0; e < entries; e++)
                {
                    map.put(reader.getLong(), reader.getLong());
                }
                maps.put(key, map);
            }
            fifoKeys[i] = key;
            fifoSequences[i] = sequence;
        }
        fifoHead = 0;
        fifoCount = count;
    }

    void now(final long timestampNs)
    {
        nowNs = Math.max(nowNs, timestampNs);
    }

    private boolean isLive(final long key)
    {
        final long written = writtenAt.get(key);
        if (ABSENT == written)
        {
            return false;
        }
        if (nowNs - written > ttlNs)
        {
            clear(key);
            expirations++;
            return false;
        }
        return true;
    }

    private boolean admit(final long key)
    {
        if (isLive(key))
        {
            writtenAt.put(key, nowNs);
            return true;
        }
        if (insertedAt.size() >= maxKeys && nowNs != lastSweepNs)
        {
            sweepExpired();
        }
        if (insertedAt.size() >= maxKeys && (OverflowPolicy.REJECT == policy || !evictOldest()))
        {
            rejects++;
            return false;
        }
        final long sequence = insertions++;
        insertedAt.put(key, sequence);
        writtenAt.put(key, nowNs);
        if (fifoCount == fifoKeys.length)
        {
            compact();
        }
        final int tail = (fifoHead + fifoCount++) % fifoKeys.length;
        fifoKeys[tail] = key;
        fifoSequences[tail] = sequence;
        return true;
    }

    /**
     * Clear every expired key. Costs a pass over the keys, so it runs only when the state is full, and at most once
     * per record time (nothing new can expire until time moves).
     */
    private void sweepExpired()
    {
        lastSweepNs = nowNs;
        int expired = 0;
        final Long2LongHashMap.KeyIterator keys = writtenAt.keySet().iterator();
        while (keys.hasNext())
        {
            final long key = keys.nextValue();
            if (nowNs - writtenAt.get(key) > ttlNs)
            {
                sweepScratch[expired++] = key;
            }
        }
        for (int i = 0; i < expired; i++)
        {
            clear(sweepScratch[i]);
            expirations++;
        }
    }

    private boolean evictOldest()
    {
        while (fifoCount > 0)
        {
            final long key = fifoKeys[fifoHead];
            final long sequence = fifoSequences[fifoHead];
            fifoHead = (fifoHead + 1) % fifoKeys.length;
            fifoCount--;
            if (insertedAt.get(key) == sequence)
            {
                clear(key);
                evictions++;
                return true;
            }
        }
        return false;
    }

    private void compact()
    {
        int kept = 0;
        for (int i = 0; i < fifoCount; i++)
        {
            final int index = (fifoHead + i) % fifoKeys.length;
            if (insertedAt.get(fifoKeys[index]) == fifoSequences[index])
            {
                compactionKeys[kept] = fifoKeys[index];
                compactionSequences[kept++] = fifoSequences[index];
            }
        }
        final long[] keys = fifoKeys;
        fifoKeys = compactionKeys;
        compactionKeys = keys;
        final long[] sequences = fifoSequences;
        fifoSequences = compactionSequences;
        compactionSequences = sequences;
        fifoHead = 0;
        fifoCount = kept;
    }
}
