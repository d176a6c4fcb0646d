package io.streamflow.journal;

import org.agrona.DirectBuffer;

/**
 * Receives journal entries read by a {@link JournalReader}. The bytes are only valid during the call.
 */
@FunctionalInterface
public interface JournalEntryHandler
{
    /**
     * @param buffer       holding the entry.
     * @param offset       of the entry.
     * @param length       of the entry.
     * @param journalIndex Chronicle index of the entry: its position in the queue files.
     */
    void onEntry(DirectBuffer buffer, int offset, int length, long journalIndex);
}
