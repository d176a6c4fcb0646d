package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node stopped and started on the same directory continues where it was: sequences go on, timestamps never go
 * back, and the journal verifies.
 */
class RestartTest
{
    @TempDir
    File dir;

    @Test
    void sequencesContinueAcrossRestartsAndTheJournalVerifies()
    {
        final RecordingListener[] listeners = new RecordingListener[3];
        for (int run = 0; run < listeners.length; run++)
        {
            listeners[run] = new RecordingListener();
            try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
                StreamFlowClient client = TestNodes.ipcClient(node, 100 + run))
            {
                assertEquals(run * 3_000L, node.recoveredEntries());
                assertFalse(node.recoveredTornTail());
                Records.sendAndAwait(client, 3_000, listeners[run]);
            }
        }

        for (int run = 0; run < listeners.length; run++)
        {
            listeners[run].assertNoRejects();
            assertEquals(run * 3_000L, listeners[run].ackedEngineSequences.getLong(0), "run " + run + " continues");
            assertEquals(run * 3_000L + 2_999, listeners[run].ackedEngineSequences.getLong(2_999));
        }

        final List<Records.Entry> entries = Records.readJournal(new File(dir, "journal"));
        assertEquals(9_000, entries.size());
        for (int i = 1; i < entries.size(); i++)
        {
            assertTrue(entries.get(i).timestampNs() >= entries.get(i - 1).timestampNs(), "timestamps never go back");
        }
        try (Journal journal = Journal.openReadOnly(new File(dir, "journal")))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(8_999, result.lastSequence());
        }
    }

    @Test
    void timestampsNeverGoBackEvenWhenTheClockDoes()
    {
        final long[] now = { 5_000_000_000L };
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).epochNanoClock(() -> now[0]));
            StreamFlowClient client = TestNodes.ipcClient(node, 9))
        {
            Records.sendAndAwait(client, 10, new RecordingListener());
        }
        now[0] = 1_000L;
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).epochNanoClock(() -> now[0]));
            StreamFlowClient client = TestNodes.ipcClient(node, 9))
        {
            Records.sendAndAwait(client, 10, new RecordingListener());
        }

        final List<Records.Entry> entries = Records.readJournal(new File(dir, "journal"));
        assertEquals(20, entries.size());
        assertEquals(5_000_000_000L, entries.get(19).timestampNs(), "held at the last journaled time");
    }
}
