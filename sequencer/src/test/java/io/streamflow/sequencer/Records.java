package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalVerifier;
import io.streamflow.protocol.CommandView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sending records and reading back what the journal holds.
 */
public final class Records
{
    /**
     * A journal entry's sequencing and the command's correlation.
     *
     * @param engineSequence of the entry.
     * @param timestampNs    of the entry.
     * @param clientId       of the command.
     * @param clientSequence of the command.
     * @param templateId     of the command.
     */
    public record Entry(long engineSequence, long timestampNs, long clientId, long clientSequence, int templateId)
    {
    }

    private Records()
    {
    }

    /**
     * Send records as fast as the node takes them, polling answers; then wait for every answer.
     */
    static void sendAndAwait(final StreamFlowClient client, final int count, final RecordingListener listener)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[32]);
        final int answersBefore = listener.answers();
        for (int i = 0; i < count; i++)
        {
            payload.putLong(0, client.clientId());
            payload.putLong(8, i);
            final long result = client.sendRecord(1, i, null, 0, 0, payload, 0, payload.capacity(), listener);
            assertTrue(result >= 0, "send " + i + " failed: " + result);
            client.poll(listener, 64);
        }
        TestNodes.await(() -> listener.answers() - answersBefore >= count, 60_000,
            () -> client.poll(listener, 256), count + " answers for client " + client.clientId());
    }

    /**
     * @param journalDir of a journal no one writes now.
     * @return its entries, each as its bytes, after checking that the journal verifies and that every entry was read.
     */
    public static List<byte[]> verifiedEntryBytes(final java.io.File journalDir)
    {
        final List<byte[]> entries = new ArrayList<>();
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), journalDir + ": " + result.fault());
            try (JournalReader reader = journal.newReader())
            {
                while (reader.poll((buffer, offset, length, index) ->
                {
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(offset, bytes);
                    entries.add(bytes);
                }, 4096) > 0)
                {
                    continue;
                }
            }
            assertEquals(result.entries(), entries.size(), journalDir + ": entries read");
        }
        return entries;
    }

    /**
     * @param journalDir of a journal.
     * @return its entries, decoded.
     */
    public static List<Entry> readJournal(final java.io.File journalDir)
    {
        final List<Entry> entries = new ArrayList<>();
        final JournalEntryView view = new JournalEntryView();
        final CommandView command = new CommandView();
        try (Journal journal = Journal.openReadOnly(journalDir); JournalReader reader = journal.newReader())
        {
            while (reader.poll((buffer, offset, length, index) ->
            {
                view.wrap(buffer, offset, length);
                command.wrap(buffer, view.messageOffset(), view.messageLength());
                entries.add(new Entry(view.engineSequence(), view.timestampNs(), command.clientId(),
                    command.clientSequence(), command.templateId()));
            }, 4096) > 0)
            {
                continue;
            }
        }
        return entries;
    }
}
