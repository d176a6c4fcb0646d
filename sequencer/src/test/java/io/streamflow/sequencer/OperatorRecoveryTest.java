package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a node does at launch with its operator snapshots: the one taken at shutdown means nothing to replay; one
 * that is ahead of the journal refuses the start rather than run on a state the journal cannot explain.
 */
class OperatorRecoveryTest
{
    @TempDir
    File dir;

    @Test
    void aSnapshotAtShutdownLeavesNothingToReplay()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).outputChannel(""));
            StreamFlowClient client = TestNodes.ipcClient(node, 7))
        {
            assertEquals(-1, node.restoredSnapshotSequence(), "a new node has no snapshot");
            Records.sendAndAwait(client, 100, new RecordingListener());
        }

        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).outputChannel("")))
        {
            assertEquals(99, node.restoredSnapshotSequence());
            assertEquals(0, node.replayedCommands());
            assertEquals(0, node.counters().snapshots(), "no snapshot yet in this run");
        }
    }

    @Test
    void aSnapshotAheadOfTheJournalRefusesTheStart()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).outputChannel(""));
            StreamFlowClient client = TestNodes.ipcClient(node, 7))
        {
            Records.sendAndAwait(client, 10, new RecordingListener());
        }
        IoUtil.delete(new File(dir, "journal"), false);

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> StreamFlowNode.launch(TestNodes.context(dir).outputChannel("")));
        assertTrue(ex.getMessage().contains("the journal lost commands the state had applied"), ex.getMessage());
    }
}
