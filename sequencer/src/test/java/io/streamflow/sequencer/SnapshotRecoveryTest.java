package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.SnapshotStore;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One snapshot holds the whole engine (dedup table, next sequence, last timestamp, operator), and a start reads
 * nothing older than it: with the journal's early segments deleted after a snapshot, the node still starts where it
 * was and still answers a resend of a command from before the snapshot as the duplicate it is.
 */
class SnapshotRecoveryTest
{
    private static final long CLIENT_ID = 9;
    private static final int RECORDS_PER_RUN = 100;

    @TempDir
    File dir;

    @Test
    void aStartNeedsNoHistoryOlderThanTheSnapshot()
    {
        final RecordingListener firstRun = new RecordingListener();
        runAndClose(firstRun);
        final long firstRunSecond = System.currentTimeMillis() / 1000;
        TestNodes.await(() -> System.currentTimeMillis() / 1000 > firstRunSecond, 3_000, () -> { },
            "the next second, so that the journal rolls to a new segment");
        runAndClose(new RecordingListener());

        final File[] segments = segments();
        assertTrue(segments.length >= 2, "one segment per run at least: " + Arrays.toString(segments));
        for (int i = 0; i < segments.length - 1; i++)
        {
            assertTrue(segments[i].delete(), "retention drops " + segments[i]);
        }

        try (StreamFlowNode node = StreamFlowNode.launch(context());
            StreamFlowClient client = TestNodes.ipcClient(node, CLIENT_ID))
        {
            assertEquals(2L * RECORDS_PER_RUN - 1, node.restoredSnapshotSequence());
            assertEquals(0, node.replayedCommands(), "nothing after the snapshot to replay");
            assertEquals(2L * RECORDS_PER_RUN, node.recoveredEntries());
            assertEquals(2L * RECORDS_PER_RUN - 1, client.lastClientSequenceAtConnect(), "the client is remembered");

            final RecordingListener resend = new RecordingListener();
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
            assertTrue(client.offerRecord(5, 1, 0, null, 0, 0, payload, 0, 8) >= 0);
            TestNodes.await(() -> resend.answers() == 1, 5_000, () -> client.poll(resend, 16), "the duplicate's ack");
            resend.assertNoRejects();
            assertEquals(firstRun.engineSequenceByClientSequence.get(5),
                resend.duplicateEngineSequenceByClientSequence.get(5),
                "a command from before the snapshot, in a deleted segment, is still known with its engine sequence");

            final RecordingListener after = new RecordingListener();
            Records.sendAndAwait(client, 10, after);
            after.assertNoRejects();
            assertEquals(2L * RECORDS_PER_RUN, after.ackedEngineSequences.getLong(0), "sequences continue");
        }
    }

    @Test
    void withoutTheSnapshotTheMissingHistoryRefusesTheStart()
    {
        runAndClose(new RecordingListener());
        final long firstRunSecond = System.currentTimeMillis() / 1000;
        TestNodes.await(() -> System.currentTimeMillis() / 1000 > firstRunSecond, 3_000, () -> { },
            "the next second, so that the journal rolls to a new segment");
        runAndClose(new RecordingListener());

        final File[] segments = segments();
        assertTrue(segments.length >= 2, Arrays.toString(segments));
        assertTrue(segments[0].delete());
        IoUtil.delete(new File(dir, "snapshots"), false);
        assertEquals(0, new SnapshotStore(new File(dir, "snapshots")).newestFirst().length);

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> StreamFlowNode.launch(context()));
        assertTrue(refused.getMessage().contains("the history between is missing"), refused.getMessage());
    }

    private void runAndClose(final RecordingListener listener)
    {
        try (StreamFlowNode node = StreamFlowNode.launch(context());
            StreamFlowClient client = TestNodes.ipcClient(node, CLIENT_ID))
        {
            Records.sendAndAwait(client, RECORDS_PER_RUN, listener);
            listener.assertNoRejects();
        }
    }

    private StreamFlowNode.Context context()
    {
        return TestNodes.context(dir).journalRollCycle("TEST_SECONDLY").snapshotInterval(0);
    }

    private File[] segments()
    {
        final File[] segments = new File(dir, "journal").listFiles((d, name) -> name.endsWith(".cq4"));
        assertTrue(null != segments);
        Arrays.sort(segments);
        return segments;
    }
}
