package io.streamflow.journal;

/**
 * What hands over journal entries in engine sequence order: a {@link JournalReader}, or a stream's compacted history
 * followed by the journal after it ({@link CompactedHistory}).
 */
public interface EntryPoller extends AutoCloseable
{
    /**
     * Read up to a limit of entries.
     *
     * @param handler receiving each entry.
     * @param limit   most entries to read.
     * @return number of entries read.
     */
    int poll(JournalEntryHandler handler, int limit);

    /**
     * Close what is open.
     */
    void close();
}
