package io.streamflow.cluster;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.RecordTarget;
import io.streamflow.sequencer.Records;
import org.agrona.collections.Long2LongHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With two of three members stopped nothing is acknowledged; when one returns, acknowledgements resume and nothing
 * acknowledged before is lost.
 */
class NoQuorumTest
{
    private static final long CLIENT_ID = 21;
    private static final int BATCH = 1_000;

    @RegisterExtension
    final TestCluster cluster = new TestCluster(3);

    @Test
    void noAckWithoutAMajorityThenAcksResume()
    {
        cluster.start();
        // Heartbeat timeouts, elections, a log truncated to the commit position: warnings, counted.
        cluster.expectClusterWarnings();
        final int leader = cluster.awaitLeader(30_000).context().memberId();
        final int follower = (leader + 1) % 3;
        final long sentWithoutQuorum;
        try (StreamFlowClient client = cluster.client(CLIENT_ID))
        {
            assertEquals(BATCH, LoadGenerator.run(new RecordTarget(client, 1), settings(5)).acked());

            // A member stopped while it still joins the leader's term leaves an "unexpected termination" in its log.
            cluster.awaitNoElection(30_000);
            cluster.stop(follower);
            cluster.stop(leader);
            final long stopAtNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            final LoadGenerator.Result withoutQuorum = LoadGenerator.run(new RecordTarget(client, 1), settings(5),
                () -> System.nanoTime() - stopAtNs > 0, null);
            assertEquals(0, withoutQuorum.acked() + withoutQuorum.duplicates(), "nothing acknowledged without a " +
                "majority");
            assertEquals(0, withoutQuorum.sendFailures(), "the client waits: sends are held, not failed");
            assertTrue(withoutQuorum.sent() > 0, "records sent while the old leader's publication still connects");
            sentWithoutQuorum = withoutQuorum.sent();

            cluster.start(follower);
            cluster.awaitLeader(30_000);
            final LoadGenerator.Result after = LoadGenerator.run(new RecordTarget(client, 1), settings(30));
            assertEquals(BATCH, after.acked(), "acks resume");
            assertEquals(0, after.sendFailures());
        }

        final long total = BATCH + sentWithoutQuorum + BATCH;
        cluster.awaitJournaled(total - 1, 30_000);
        cluster.close();
        for (final int id : new int[]{ follower, (leader + 2) % 3 })
        {
            final Long2LongHashMap copies = new Long2LongHashMap(0);
            for (final Records.Entry entry : Records.readJournal(new File(cluster.memberDir(id), "journal")))
            {
                copies.merge(entry.clientSequence(), 1, Long::sum);
            }
            for (long sequence = 0; sequence < total; sequence++)
            {
                // Those sent without a majority were kept by the client and sent again once one returned.
                assertEquals(1, copies.get(sequence), "member " + id + ": client sequence " + sequence);
            }
        }
    }

    private static LoadGenerator.Settings settings(final long answerTimeoutSeconds)
    {
        return new LoadGenerator.Settings(BATCH, 1_000, 0, 16, 1, 10, 10_000,
            TimeUnit.SECONDS.toNanos(answerTimeoutSeconds));
    }
}
