package io.streamflow.cluster;

import io.aeron.cluster.ClusterTool;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.OrderTarget;
import io.streamflow.client.load.RecordTarget;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sequencer.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster snapshots hold the whole engine: a cluster restarted from a snapshot taken on command, plus the log after
 * it, reaches the state hash it had; snapshots are taken on a schedule of commands as on a standalone node.
 */
class ClusterSnapshotTest
{
    private static final int INTERVAL = 500;

    @RegisterExtension
    final TestCluster cluster = new TestCluster(3);

    @RegisterExtension
    final TestCluster scheduled = new TestCluster(3, (engine) -> engine.snapshotInterval(INTERVAL));

    @Test
    void restartedFromTheSnapshotAndTheLogAfterItTheClusterReachesTheSameState()
    {
        cluster.start();
        final ClusterNode leader = cluster.awaitLeader(30_000);
        orders(cluster, 1_500, 1);

        final ByteArrayOutputStream toolOutput = new ByteArrayOutputStream();
        assertTrue(ClusterTool.snapshot(leader.context().clusterDir(), new PrintStream(toolOutput, true,
            StandardCharsets.UTF_8)), toolOutput.toString(StandardCharsets.UTF_8));
        for (int id = 0; id < cluster.size(); id++)
        {
            final ClusterNode node = cluster.node(id);
            TestNodes.await(() -> 1_499 == node.lastSnapshotSequence(), 30_000, () -> { },
                "member " + id + " to take the snapshot");
        }

        orders(cluster, 1_000, 2);
        final long hash = cluster.awaitEqualStateHash(2_499, 30_000);

        cluster.close();
        // A member that stopped with less of the log than another finds it so in the election after the restart.
        cluster.expectClusterWarnings("followerLogAwait - joinPosition=");
        cluster.start();
        for (int id = 0; id < cluster.size(); id++)
        {
            assertEquals(1_499, cluster.node(id).loadedSnapshotSequence(), "member " + id + " started from it");
        }
        assertEquals(hash, cluster.awaitEqualStateHash(2_499, 30_000));
        cluster.close();
        for (int id = 0; id < cluster.size(); id++)
        {
            assertEquals(2_500, cluster.verifiedJournal(id).size(), "member " + id + ": the log replayed after " +
                "the snapshot is journaled once");
        }
    }

    @Test
    void snapshotsFollowTheIntervalAndAFollowerRestartsFromTheLatest()
    {
        scheduled.start();
        final int leaderId = scheduled.awaitLeader(30_000).context().memberId();
        try (StreamFlowClient client = scheduled.client(5))
        {
            final LoadGenerator.Result result = LoadGenerator.run(new RecordTarget(client, 1),
                new LoadGenerator.Settings(2_200, 5_000, 0, 16, 1, 10, 256, TimeUnit.SECONDS.toNanos(30)));
            assertEquals(2_200, result.acked());
        }
        final long hash = scheduled.awaitEqualStateHash(2_199, 30_000);
        // Every member takes each snapshot at the same log position, once the leader asked for it.
        TestNodes.await(() ->
        {
            for (int id = 1; id < scheduled.size(); id++)
            {
                if (scheduled.node(id).lastSnapshotSequence() != scheduled.node(0).lastSnapshotSequence() ||
                    scheduled.node(id).counters().snapshots() != scheduled.node(0).counters().snapshots())
                {
                    return false;
                }
            }
            return true;
        }, 30_000, () -> { }, "every member to have taken the same snapshots");
        // One is asked for once INTERVAL commands have passed since the last; the load runs on while it is taken.
        final long latest = scheduled.node(leaderId).lastSnapshotSequence();
        final long snapshots = scheduled.node(leaderId).counters().snapshots();
        assertTrue(snapshots >= 2 && snapshots <= 2_200 / INTERVAL, "the leader took " + snapshots);
        assertTrue(latest >= 2 * INTERVAL - 1, "latest snapshot at " + latest);

        final int followerId = (leaderId + 1) % scheduled.size();
        scheduled.stop(followerId);
        scheduled.start(followerId);
        assertEquals(latest, scheduled.node(followerId).loadedSnapshotSequence());
        assertEquals(hash, scheduled.awaitEqualStateHash(2_199, 30_000));
    }

    private static void orders(final TestCluster cluster, final int count, final long seed)
    {
        try (StreamFlowClient client = cluster.client(100 + seed))
        {
            final OrderTarget target = new OrderTarget(client,
                new StandardOperator.Context().instruments().get(0).instrumentId(), null, seed);
            final LoadGenerator.Result result = LoadGenerator.run(target,
                new LoadGenerator.Settings(count, 0, 0, 0, 1, 1, 64, TimeUnit.SECONDS.toNanos(30)));
            assertEquals(count, result.sent());
            assertEquals(0, result.unanswered());
        }
    }
}
