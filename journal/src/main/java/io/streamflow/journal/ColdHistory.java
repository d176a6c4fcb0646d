package io.streamflow.journal;

import org.agrona.CloseHelper;
import org.agrona.collections.Long2LongHashMap;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal's history as a consumer reads it from before its first cycle at hand: the cold cycles from the first
 * that may hold the start ({@link ColdTier}, each read as it decompresses), then the journal from the engine sequence
 * after the last cold entry, live. Entries of every stream come, as a {@link JournalReader}'s do.
 * <p>
 * Not thread safe.
 */
public final class ColdHistory implements EntryPoller
{
    private final File journalDir;
    private final List<CycleSeal> cycles;
    private final JournalReader journal;
    private ColdCycleReader current;
    private int next;

    private ColdHistory(final File journalDir, final List<CycleSeal> cycles, final JournalReader journal)
    {
        this.journalDir = journalDir;
        this.cycles = cycles;
        this.journal = journal;
    }

    /**
     * @param journalDir      directory of the journal.
     * @param fromSequence    entries at lower engine sequences are not needed (0 for none).
     * @param fromTimestampNs entries appended earlier are not needed (0 for none).
     * @param journal         a reader of the journal, closed with this; positioned by this after the cold cycles.
     * @return the history, or null when no cold cycle holds what is needed (read the journal alone).
     */
    public static ColdHistory openOrNull(
        final File journalDir, final long fromSequence, final long fromTimestampNs, final JournalReader journal)
    {
        return openOrNull(journalDir, fromSequence, fromTimestampNs, 0, -1, -1, journal);
    }

    /**
     * @param journalDir      directory of the journal.
     * @param fromSequence    entries at lower engine sequences are not needed (0 for none).
     * @param fromTimestampNs entries appended earlier are not needed (0 for none).
     * @param streamId        with {@code fromOffset}: the stream whose records from that offset are needed.
     * @param partition       its partition, -1 for every one.
     * @param fromOffset      records at lower offsets are not needed, -1 for no such need: a cold cycle is read only
     *                        when it holds a record of the stream (partition) at or after it.
     * @param journal         a reader of the journal, closed with this; positioned by this after the cold cycles.
     * @return the history, or null when no cold cycle holds what is needed (read the journal alone).
     */
    public static ColdHistory openOrNull(
        final File journalDir,
        final long fromSequence,
        final long fromTimestampNs,
        final int streamId,
        final int partition,
        final long fromOffset,
        final JournalReader journal)
    {
        final List<CycleSeal> needed = new ArrayList<>();
        for (final CycleSeal seal : ColdTier.coldSeals(journalDir))
        {
            if (seal.lastSequence() >= fromSequence && seal.lastTimestampNs() >= fromTimestampNs &&
                (fromOffset < 0 || holdsOffset(journalDir, seal.cycleFile(), streamId, partition, fromOffset)))
            {
                needed.add(seal);
            }
        }
        return needed.isEmpty() ? null : new ColdHistory(journalDir, needed, journal);
    }

    private static boolean holdsOffset(
        final File journalDir, final String cycleFile, final int streamId, final int partition, final long offset)
    {
        final Long2LongHashMap lastOffsets = ColdTier.lastOffsets(journalDir, cycleFile);
        if (null == lastOffsets)
        {
            return true; // No side file: read the cycle, the follow passes over what is before its start.
        }
        final Long2LongHashMap.EntryIterator entries = lastOffsets.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            final long key = entries.getLongKey();
            if ((int)(key >>> 32) == streamId && (partition < 0 || (int)key == partition) &&
                entries.getLongValue() >= offset)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final JournalEntryHandler handler, final int limit)
    {
        while (next < cycles.size() || null != current)
        {
            if (null == current)
            {
                current = new ColdCycleReader(ColdTier.coldFile(journalDir, cycles.get(next++).cycleFile()));
            }
            final int read = current.poll(handler, limit);
            if (read > 0)
            {
                return read;
            }
            CloseHelper.close(current);
            current = null;
            if (next == cycles.size())
            {
                journal.seek(cycles.get(cycles.size() - 1).lastSequence() + 1);
                next++;
            }
        }
        return journal.poll(handler, limit);
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.closeAll(current, journal);
    }
}
