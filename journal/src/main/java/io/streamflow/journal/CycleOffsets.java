package io.streamflow.journal;

import org.agrona.collections.Long2LongHashMap;

import java.io.File;
import java.util.HashMap;
import java.util.Map;

/**
 * The highest record offset of every stream partition in each sealed cycle of a journal, read from the cycle once and
 * kept (a sealed cycle does not change): what {@link JournalRetention} asks a {@link RetentionHold} about.
 * <p>
 * Not thread safe: the retention thread's.
 */
public final class CycleOffsets
{
    private final File journalDir;
    private final Map<String, Long2LongHashMap> byCycle = new HashMap<>();

    /**
     * @param journalDir directory of the journal.
     */
    public CycleOffsets(final File journalDir)
    {
        this.journalDir = journalDir;
    }

    /**
     * @param cycleFile name of a sealed cycle file of the journal.
     * @param hold      asked about each partition with records in the cycle, with the highest offset there.
     * @return the first reason the hold gives, or null when it holds nothing of the cycle.
     */
    public String holdOf(final String cycleFile, final RetentionHold hold)
    {
        final Long2LongHashMap lastOffsets = byCycle.computeIfAbsent(cycleFile, this::read);
        final Long2LongHashMap.KeyIterator keys = lastOffsets.keySet().iterator();
        while (keys.hasNext())
        {
            final long key = keys.nextValue();
            final String reason = hold.holdOf((int)(key >>> 32), (int)key, lastOffsets.get(key));
            if (null != reason)
            {
                return reason;
            }
        }
        return null;
    }

    /**
     * Forget a cycle that is gone.
     *
     * @param cycleFile name of its file.
     */
    public void forget(final String cycleFile)
    {
        byCycle.remove(cycleFile);
    }

    private Long2LongHashMap read(final String cycleFile)
    {
        final Long2LongHashMap cold = ColdTier.isCold(journalDir, cycleFile) ?
            ColdTier.lastOffsets(journalDir, cycleFile) : null;
        if (null != cold)
        {
            return cold;
        }
        return ColdTier.withReadable(journalDir, cycleFile, CycleOffsets::lastOffsetsOf);
    }

    /**
     * @param cycleFile a complete cycle file (its good entries are read, as a scan of it finds them).
     * @return the highest record offset of each stream partition in it, keyed {@code streamId << 32 | partition}.
     */
    static Long2LongHashMap lastOffsetsOf(final File cycleFile)
    {
        final Long2LongHashMap lastOffsets = new Long2LongHashMap(-1);
        final JournalEntryView entry = new JournalEntryView();
        JournalScanner.scanFile(cycleFile.getParentFile(), cycleFile, (buffer, offset, length, isGood) ->
        {
            entry.wrap(buffer, offset, length);
            if (entry.partition() >= 0)
            {
                final long key = ((long)entry.streamId() << 32) | (entry.partition() & 0xFFFF_FFFFL);
                lastOffsets.put(key, Math.max(lastOffsets.get(key), entry.partitionOffset()));
            }
            return true;
        });
        return lastOffsets;
    }
}
