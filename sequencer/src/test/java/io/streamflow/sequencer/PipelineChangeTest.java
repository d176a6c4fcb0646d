package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node with history takes a different set of pipelines: one added starts empty (or, with the whole journal
 * replayed, gets the history), one removed has its state dropped, both logged. Before, the start was refused with
 * no way out.
 */
class PipelineChangeTest
{
    private static final int RECORDS = 300;

    @TempDir
    File dir;

    @Test
    void pipelinesAreAddedAndRemovedOnANodeWithHistory()
    {
        run(TestNodes.context(dir).operator(TestNodes.standardOperator("nexmark-q7")), new RecordingLogger());

        final RecordingLogger added = new RecordingLogger();
        run(TestNodes.context(dir).operator(TestNodes.standardOperator("nexmark-q7", "nexmark-q2")), added);
        assertTrue(added.contains(System.Logger.Level.WARNING, "pipelines [nexmark-q2] added: they start empty"),
            added.lines.toString());

        final RecordingLogger removed = new RecordingLogger();
        run(TestNodes.context(dir).operator(TestNodes.standardOperator("nexmark-q2")), removed);
        assertTrue(removed.contains(System.Logger.Level.WARNING, "pipelines [nexmark-q7] dropped"),
            removed.lines.toString());

        final RecordingLogger replayed = new RecordingLogger();
        final StreamFlowNode.Context ctx = TestNodes.context(dir)
            .operator(TestNodes.standardOperator("nexmark-q7", "nexmark-q2"));
        ctx.engineContext().replayWholeJournal(true);
        try (StreamFlowNode node = StreamFlowNode.launch(ctx.logger(replayed)))
        {
            assertEquals(-1, node.restoredSnapshotSequence(), "snapshots ignored");
            assertEquals(3L * RECORDS, node.replayedCommands(), "the whole journal replayed into every pipeline");
        }
    }

    private static void run(final StreamFlowNode.Context ctx, final RecordingLogger logger)
    {
        try (StreamFlowNode node = StreamFlowNode.launch(ctx.logger(logger));
            StreamFlowClient client = TestNodes.ipcClient(node, 3))
        {
            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(client, RECORDS, listener);
            listener.assertNoRejects();
        }
    }
}
