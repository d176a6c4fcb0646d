package io.streamflow.journal;

import org.agrona.MutableDirectBuffer;

/**
 * What appends an engine's entries to its journal: {@link JournalWriter}, or something that wraps it (to inject a
 * fault in a test, or to see every append).
 * <p>
 * Contract: idempotent by engine sequence. An entry whose engine sequence is not above the last one in the journal is
 * already there and is not appended again, so an append may be retried after it threw without ever writing an entry
 * twice.
 * <p>
 * Not thread safe: used by the journal stage's thread only.
 */
public interface JournalAppender extends AutoCloseable
{
    /**
     * Seal the entry with its checksum and append it, unless the journal already holds its engine sequence.
     *
     * @param buffer holding the encoded entry.
     * @param offset of the entry.
     * @param length of the entry.
     * @return true when appended, false when the journal already held it.
     */
    boolean append(MutableDirectBuffer buffer, int offset, int length);

    /**
     * Do what prepares the next append while there is nothing to append (fault in the page it will write), never
     * anything that could delay an append for long.
     *
     * @return work done, 0 for none.
     */
    default int onIdle()
    {
        return 0;
    }

    /**
     * Force what was appended since the last sync to the storage device (fsync), so that it survives the machine,
     * not only the process. Costly: called once per batch, and only in the sync durability mode.
     *
     * @throws java.io.UncheckedIOException when the device did not take the data; nothing appended since the last
     *                                      sync that succeeded may then be taken as durable.
     */
    void sync();

    /**
     * Release the appender.
     */
    void close();
}
