package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.protocol.CommandView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sending records and reading back what the journal holds.
 */
final class Records
{
    record Entry(long engineSequence, long timestampNs, long clientId, long clientSequence, int templateId)
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

    static List<Entry> readJournal(final java.io.File journalDir)
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
