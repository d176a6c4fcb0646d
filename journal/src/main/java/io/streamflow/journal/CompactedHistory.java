package io.streamflow.journal;

import org.agrona.CloseHelper;

import java.io.File;

/**
 * A compacted stream's history as a consumer reads it from before what compaction covers: the current compacted
 * version's entries (the newest record of each key, with their offsets and engine sequences as journaled), then the
 * journal from the engine sequence after the version's last, live. Entries of other streams come too, from the
 * journal, as a {@link JournalReader}'s do; the consumer passes over what it does not follow.
 * <p>
 * The version read is the one current when this opens; a compaction meanwhile does not change it (its files are kept
 * a round after it is replaced). Not thread safe.
 */
public final class CompactedHistory implements EntryPoller
{
    private final JournalReader journal;
    private final long covered;
    private Journal version;
    private JournalReader versionReader;

    private CompactedHistory(final Journal version, final long covered, final JournalReader journal)
    {
        this.version = version;
        this.versionReader = version.newReader();
        this.covered = covered;
        this.journal = journal;
    }

    /**
     * @param current the stream's current compacted version.
     * @param journal a reader of the journal, closed with this; positioned by this after the version.
     * @return the history.
     */
    public static CompactedHistory open(final CompactedStore.Version current, final JournalReader journal)
    {
        return new CompactedHistory(Journal.openReadOnly(current.dir()), current.manifest().covered(), journal);
    }

    /**
     * @param journalDir directory of the journal.
     * @param streamId   a stream.
     * @return the stream's current compacted version, or null when it has none or it cannot be read.
     */
    public static CompactedStore.Version currentOrNull(final File journalDir, final int streamId)
    {
        try
        {
            return CompactedStore.current(journalDir, streamId);
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final JournalEntryHandler handler, final int limit)
    {
        if (null != versionReader)
        {
            final int read = versionReader.poll(handler, limit);
            if (read > 0)
            {
                return read;
            }
            CloseHelper.closeAll(versionReader, version);
            versionReader = null;
            version = null;
            journal.seek(covered + 1);
        }
        return journal.poll(handler, limit);
    }

    /**
     * @return true while the compacted version is being read, false once reading the journal.
     */
    public boolean isInCompactedVersion()
    {
        return null != versionReader;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.closeAll(versionReader, version, journal);
    }
}
