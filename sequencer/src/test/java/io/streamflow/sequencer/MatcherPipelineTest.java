package io.streamflow.sequencer;

import io.streamflow.engine.SnapshotStore;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.matcher.CommandGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders from several clients through a node: what each client is told, and what the market-data stream shows,
 * equal what the reference book emits for the journaled order of the commands. After a restart the books come back
 * from a snapshot plus the journal after it, and new orders trade against them as they would have before.
 */
class MatcherPipelineTest
{
    private static final int FIRST_RUN_COMMANDS = 3_000;
    private static final int SECOND_RUN_COMMANDS = 1_000;
    private static final long SEED = 20261122L;

    @TempDir
    File dir;

    private final MatcherDifferential differential = new MatcherDifferential();

    @Test
    void everyClientIsToldWhatTheReferenceBookSaysAndTheBooksSurviveARestart()
    {
        final CommandGenerator generator = new CommandGenerator(SEED);
        final StreamFlowNode.Context firstCtx = context();
        final long hashAtClose;
        final long lastSequence;
        try (StreamFlowNode node = StreamFlowNode.launch(firstCtx))
        {
            differential.run(differentialNode(node), generator, FIRST_RUN_COMMANDS);
            lastSequence = node.counters().journalLastSequence();
        }
        hashAtClose = firstCtx.operator().stateHash();
        differential.assertExpected(new File(dir, "journal"));

        final File[] snapshots = new SnapshotStore(firstCtx.snapshotDir()).newestFirst();
        assertEquals(SnapshotStore.RETAINED, snapshots.length, "snapshots kept");
        assertTrue(snapshots[0].delete(), "drop the newest snapshot, so the older one plus the journal is used");

        final StreamFlowNode.Context secondCtx = context();
        try (StreamFlowNode node = StreamFlowNode.launch(secondCtx))
        {
            assertTrue(node.restoredSnapshotSequence() >= 0 && node.restoredSnapshotSequence() < lastSequence,
                "restored from an older snapshot: " + node.restoredSnapshotSequence());
            assertEquals(lastSequence - node.restoredSnapshotSequence(), node.replayedCommands());
            assertEquals(hashAtClose, node.recoveredStateHash(), "same books as before the restart");

            differential.run(differentialNode(node), generator, SECOND_RUN_COMMANDS);
        }
        differential.assertExpected(new File(dir, "journal"));
        assertNotEquals(hashAtClose, secondCtx.operator().stateHash(), "the new orders changed the books");
    }

    private StreamFlowNode.Context context()
    {
        return TestNodes.context(dir)
            .outputChannel("aeron:ipc")
            .snapshotInterval(700)
            .operator(MatcherDifferential.operatorContext().newOperator());
    }

    private static MatcherDifferential.Node differentialNode(final StreamFlowNode node)
    {
        return new MatcherDifferential.Node()
        {
            public StreamFlowClient client(final long clientId)
            {
                return TestNodes.ipcClient(node, clientId);
            }

            public long outputMessages()
            {
                return node.counters().outputMessages();
            }

            public long egressMessages()
            {
                return node.counters().egressMessages();
            }

            public boolean isDrained()
            {
                return node.engine().isDrained();
            }
        };
    }
}
