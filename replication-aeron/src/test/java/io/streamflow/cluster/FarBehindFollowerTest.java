package io.streamflow.cluster;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.RecordTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A follower stopped while 100,000 commands pass, with snapshots taken meanwhile, catches up when it returns: it
 * journals every entry the others have, byte for byte, and reaches their state hash.
 */
class FarBehindFollowerTest
{
    private static final int COMMANDS = 100_000;

    @RegisterExtension
    final TestCluster cluster = new TestCluster(3, (engine) -> engine.snapshotInterval(30_000));

    @Test
    void aFollowerFarBehindCatchesUp()
    {
        cluster.start();
        // The follower's return: an election's warnings, counted.
        cluster.expectClusterWarnings();
        final int leader = cluster.awaitLeader(30_000).context().memberId();
        final int follower = (leader + 1) % cluster.size();
        // A member stopped while it still joins the leader's term leaves an "unexpected termination" in its log.
        cluster.awaitNoElection(30_000);
        cluster.stop(follower);
        try (StreamFlowClient client = cluster.client(31))
        {
            final LoadGenerator.Result result = LoadGenerator.run(new RecordTarget(client, 1),
                new LoadGenerator.Settings(COMMANDS, 0, 0, 16, 1, 1_000, 1_024, TimeUnit.SECONDS.toNanos(30)));
            assertEquals(COMMANDS, result.acked(), "a majority of two commits");
        }
        final long hash = cluster.awaitEqualStateHash(COMMANDS - 1, 60_000);

        cluster.start(follower);
        cluster.awaitJournaled(COMMANDS - 1, 120_000);
        assertEquals(hash, cluster.awaitEqualStateHash(COMMANDS - 1, 60_000), "the follower's state, caught up");
        cluster.close();

        final List<byte[]> reference = cluster.verifiedJournal(leader);
        final List<byte[]> caughtUp = cluster.verifiedJournal(follower);
        assertEquals(COMMANDS, reference.size());
        assertEquals(COMMANDS, caughtUp.size());
        for (int i = 0; i < COMMANDS; i++)
        {
            assertTrue(Arrays.equals(reference.get(i), caughtUp.get(i)), "entry " + i);
        }
    }
}
