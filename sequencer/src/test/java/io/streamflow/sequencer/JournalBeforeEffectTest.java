package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Invariant: no ack is ever observed for an engine sequence that a journal reader cannot already read.
 */
class JournalBeforeEffectTest
{
    @TempDir
    File dir;

    @Test
    void everyAckedSequenceIsAlreadyReadableFromTheJournal()
    {
        final int records = 20_000;
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            StreamFlowClient client = TestNodes.ipcClient(node, 5);
            Journal journal = Journal.openReadOnly(new File(dir, "journal"));
            JournalReader reader = journal.newReader())
        {
            final JournalEntryView view = new JournalEntryView();
            final long[] highestReadable = { -1 };
            final long[] checked = { 0 };
            final RecordingListener listener = new RecordingListener()
            {
                public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
                    final boolean duplicate)
                {
                    // Read the journal only up to what is there now: the ack must not be ahead of it.
                    while (highestReadable[0] < engineSequence && reader.poll((buffer, offset, length, index) ->
                        highestReadable[0] = view.wrap(buffer, offset, length).engineSequence(), 1) > 0)
                    {
                        continue;
                    }
                    if (highestReadable[0] < engineSequence)
                    {
                        fail("ack for engine sequence " + engineSequence + " seen while the journal ends at " +
                            highestReadable[0]);
                    }
                    checked[0]++;
                    super.onAck(clientSequence, engineSequence, timestampNs, duplicate);
                }
            };

            Records.sendAndAwait(client, records, listener);
            listener.assertNoRejects();
            assertEquals(records, checked[0]);
            assertTrue(highestReadable[0] >= records - 1);
        }
    }
}
