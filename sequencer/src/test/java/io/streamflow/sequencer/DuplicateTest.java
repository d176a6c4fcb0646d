package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.RejectReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly-once: a resent (client id, client sequence) gets a duplicate ack with the original engine sequence and is
 * never journaled again, before and after a restart.
 */
class DuplicateTest
{
    private static final long CLIENT_ID = 77;
    private static final int RECORDS = 2_000;

    @TempDir
    File dir;

    @Test
    void resendsAreAnsweredAsDuplicatesAndNeverJournaledAgainAlsoAfterRestart()
    {
        final RecordingListener first = new RecordingListener();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            StreamFlowClient client = TestNodes.ipcClient(node, CLIENT_ID))
        {
            assertEquals(-1, client.lastClientSequenceAtConnect());
            Records.sendAndAwait(client, RECORDS, first);

            resendAndCheck(client, first, first, new Random(1), 200);
            assertEquals(200, node.counters().duplicates());
            assertEquals(RECORDS, node.counters().journalEntries(), "no new journal entry for a duplicate");
        }
        assertEquals(RECORDS, Records.readJournal(new File(dir, "journal")).size());

        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir));
            StreamFlowClient client = TestNodes.ipcClient(node, CLIENT_ID))
        {
            assertEquals(RECORDS - 1, client.lastClientSequenceAtConnect(), "the node remembers the client");
            assertEquals(RECORDS, client.nextClientSequence());

            final RecordingListener afterRestart = new RecordingListener();
            resendAndCheck(client, first, afterRestart, new Random(2), 200);
            assertEquals(200, node.counters().duplicates());
            assertEquals(0, node.counters().journalEntries(), "nothing applied again after the restart");
        }
        assertEquals(RECORDS, Records.readJournal(new File(dir, "journal")).size());
    }

    @Test
    void resendOlderThanTheDedupWindowIsRejectedNotApplied()
    {
        final RecordingListener listener = new RecordingListener();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).dedupWindow(64));
            StreamFlowClient client = TestNodes.ipcClient(node, CLIENT_ID))
        {
            Records.sendAndAwait(client, 500, listener);
            resend(client, 10, listener);
            resend(client, 480, listener);
            TestNodes.await(() -> listener.answers() == 502, 5000, () -> client.poll(listener, 16), "answers");

            assertEquals(1, listener.rejects.size());
            assertEquals(10, listener.rejects.get(0).clientSequence());
            assertEquals(RejectReason.SEQUENCE_REGRESSION, listener.rejects.get(0).reason());
            assertEquals(480, listener.duplicateEngineSequenceByClientSequence.get(480), "inside the window");
            assertEquals(500, node.counters().journalEntries());
        }
    }

    private static void resendAndCheck(
        final StreamFlowClient client,
        final RecordingListener original,
        final RecordingListener listener,
        final Random random,
        final int resends)
    {
        final int answersBefore = listener.answers();
        final long[] resent = new long[resends];
        for (int i = 0; i < resends; i++)
        {
            resent[i] = RECORDS - 1 - random.nextInt(Math.min(RECORDS, 4096));
            resend(client, resent[i], listener);
        }
        TestNodes.await(() -> listener.answers() - answersBefore == resends, 10_000,
            () -> client.poll(listener, 64), "duplicate acks");

        listener.assertNoRejects();
        assertEquals(resends, listener.duplicateClientSequences.size());
        for (final long clientSequence : resent)
        {
            assertEquals(original.engineSequenceByClientSequence.get(clientSequence),
                listener.duplicateEngineSequenceByClientSequence.get(clientSequence),
                "duplicate ack of " + clientSequence + " names the original engine sequence");
        }
    }

    private static void resend(final StreamFlowClient client, final long clientSequence, final RecordingListener l)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        long result;
        int attempts = 0;
        while ((result = client.offerRecord(clientSequence, 1, 0, null, 0, 0, payload, 0, 8)) < 0 &&
            attempts++ < 10_000)
        {
            client.poll(l, 16);
        }
        assertTrue(result >= 0, "resend of " + clientSequence + " not sent: " + result);
    }
}
