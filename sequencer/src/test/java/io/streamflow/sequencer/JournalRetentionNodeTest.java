package io.streamflow.sequencer;

import io.streamflow.client.GroupCommand;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.JournalAudit;
import io.streamflow.journal.JournalScanner;
import io.streamflow.journal.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node with one-second cycles, snapshots every 50 commands and a one-second retention drops its first cycle by
 * itself once that cycle is sealed, old enough and older than the snapshots it keeps; the journal still verifies and
 * the node starts again from its snapshot and the journal it kept.
 */
class JournalRetentionNodeTest
{
    @TempDir
    File dir;

    @Test
    void theOldestCycleGoesOnceSealedOldAndBehindTheSnapshots()
    {
        final File journalDir = new File(dir, "journal");
        final File first;
        try (StreamFlowNode node = StreamFlowNode.launch(context()))
        {
            try (StreamFlowClient client = TestNodes.ipcClient(node, 5))
            {
                final RecordingListener listener = new RecordingListener();
                // Each batch at the start of a second of its own: two cycle files, whatever the clock said at start.
                TestNodes.awaitNextSecond();
                Records.sendAndAwait(client, 100, listener);
                first = JournalScanner.cycleFiles(journalDir).get(0);
                TestNodes.awaitNextSecond();
                Records.sendAndAwait(client, 100, listener);
                listener.assertNoRejects();
            }
            TestNodes.await(() -> !first.exists() && node.counters().journalCyclesDropped.get() >= 1, 20_000,
                () -> { }, "the first cycle to be dropped");
            assertEquals(0, node.counters().journalCyclesDroppedForced.get());
            assertTrue(node.counters().journalCyclesSealed.get() >= 1);
        }

        final JournalAudit.Result audit = JournalAudit.verify(journalDir);
        assertTrue(audit.isValid(), audit.fault());
        assertTrue(audit.notes().stream().anyMatch((n) -> n.startsWith("cycle " + first.getName() +
            " (engine sequences 0..") && n.endsWith(") was dropped by retention (age)")), audit.notes().toString());
        assertFalse(JournalScanner.cycleFiles(journalDir).contains(first));

        try (StreamFlowNode node = StreamFlowNode.launch(context());
            StreamFlowClient client = TestNodes.ipcClient(node, 6))
        {
            final RecordingListener listener = new RecordingListener();
            Records.sendAndAwait(client, 10, listener);
            listener.assertNoRejects();
            assertEquals(List.of(200L, 209L), List.of(listener.ackedEngineSequences.get(0),
                listener.ackedEngineSequences.get(9)), "recovered from the snapshot and the journal kept");
        }
    }

    @Test
    void aCycleAConsumerGroupHasNotReadIsKeptUntilTheGroupCommitsPastIt()
    {
        final File journalDir = new File(dir, "journal");
        try (StreamFlowNode node = StreamFlowNode.launch(context());
            StreamFlowClient client = TestNodes.ipcClient(node, 5);
            StreamFlowClient member = TestNodes.ipcClient(node, 8))
        {
            final RecordingListener listener = new RecordingListener();
            final GroupCommand group = new GroupCommand("audit");
            TestNodes.awaitNextSecond();
            Records.sendAndAwait(client, 100, listener);
            final File first = JournalScanner.cycleFiles(journalDir).get(0);
            // In the next cycle: the group's one member (generation 1) has read offsets 0..9 of the first cycle's
            // 0..99 (the group's commands are in the second cycle, which recovery needs anyway).
            TestNodes.awaitNextSecond();
            member.sendCommand(group.join(1, 600_000), null);
            member.sendCommand(group.commit(1, 0, 10), null);
            TestNodes.await(() -> 1 == node.counters().groupCommits(), 10_000, () -> member.poll(null, 16),
                "the group's commit");
            Records.sendAndAwait(client, 100, listener);
            listener.assertNoRejects();

            final String held = "consumer group 'audit' has committed offset 10 of stream records partition 0 and " +
                "not read past it";
            TestNodes.await(() -> null != node.journalRetentionKeptReason() &&
                node.journalRetentionKeptReason().endsWith(held), 20_000, () -> member.poll(null, 16),
                "retention to keep the first cycle for the group: " + node.journalRetentionKeptReason());
            assertTrue(first.exists());
            assertEquals(0, node.counters().journalCyclesDropped.get());

            // Past the first cycle's last offset (99): it goes, unforced.
            member.sendCommand(group.commit(1, 0, 100), null);
            TestNodes.await(() -> !first.exists() && node.counters().journalCyclesDropped.get() >= 1, 20_000,
                () -> member.poll(null, 16), "the first cycle to be dropped once the group read past it");
            assertEquals(0, node.counters().journalCyclesDroppedForced.get());
        }
    }

    private StreamFlowNode.Context context()
    {
        return TestNodes.context(dir).journalRollCycle("TEST_SECONDLY").snapshotInterval(50)
            .journalRetention(new RetentionPolicy(TimeUnit.SECONDS.toNanos(1), 0, false));
    }
}
