package io.streamflow.cluster;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.RecordTarget;
import io.streamflow.matcher.CommandGenerator;
import io.streamflow.sequencer.MatcherDifferential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100,000 records and 3,000 random matcher commands through three members: every member's journal verifies and
 * holds the same entries byte for byte, every member reaches the same state hash, and what the clients were told
 * (execution reports, acks, market data from the leader) equals the reference order book's replay of the journal.
 */
class ClusterMatcherTest
{
    private static final int RECORDS = 100_000;
    private static final int COMMANDS = 3_000;

    @RegisterExtension
    final TestCluster cluster = new TestCluster(3,
        (engine) -> engine.operator(MatcherDifferential.operatorContext().newOperator()));

    @Test
    void recordsAndOrdersThroughThreeMembersMatchTheReference()
    {
        cluster.start();
        try (StreamFlowClient client = cluster.client(500))
        {
            final LoadGenerator.Result records = LoadGenerator.run(new RecordTarget(client, 1),
                new LoadGenerator.Settings(RECORDS, 0, 0, 16, 1, 1_000, 1_024, TimeUnit.SECONDS.toNanos(30)));
            assertEquals(RECORDS, records.acked());
        }
        final MatcherDifferential differential = new MatcherDifferential();
        differential.run(new MatcherDifferential.Node()
        {
            public StreamFlowClient client(final long clientId)
            {
                return cluster.client(clientId);
            }

            public long outputMessages()
            {
                return cluster.awaitLeader(10_000).counters().outputMessages();
            }

            public long egressMessages()
            {
                return cluster.awaitLeader(10_000).counters().egressMessages();
            }

            public boolean isDrained()
            {
                return cluster.awaitLeader(10_000).service().engine().isDrained();
            }
        }, new CommandGenerator(20261202L), COMMANDS);

        final long lastSequence = cluster.awaitLeader(10_000).counters().journalLastSequence();
        assertTrue(lastSequence >= RECORDS + COMMANDS / 2, "records and orders journaled: " + lastSequence);
        cluster.awaitEqualStateHash(lastSequence, 60_000);
        cluster.close();

        final List<byte[]> first = cluster.verifiedJournal(0);
        assertEquals(lastSequence + 1, first.size());
        for (int id = 1; id < cluster.size(); id++)
        {
            final List<byte[]> entries = cluster.verifiedJournal(id);
            assertEquals(first.size(), entries.size(), "member " + id);
            for (int i = 0; i < first.size(); i++)
            {
                assertTrue(Arrays.equals(first.get(i), entries.get(i)), "member " + id + " entry " + i);
            }
        }
        differential.assertExpected(new File(cluster.memberDir(0), "journal"));
    }

    @Test
    void theDifferentialHoldsAcrossAFailover()
    {
        cluster.start();
        // What the others see when their leader stops: warnings, counted.
        cluster.expectClusterWarnings();
        final int oldLeader = cluster.awaitLeader(30_000).context().memberId();
        final MatcherDifferential differential = new MatcherDifferential();
        final MatcherDifferential.Node node = new MatcherDifferential.Node()
        {
            public StreamFlowClient client(final long clientId)
            {
                return cluster.client(clientId);
            }

            public long outputMessages()
            {
                return -1; // a new leader counts from its election: wait for quiet instead
            }

            public long egressMessages()
            {
                return -1;
            }

            public boolean isDrained()
            {
                return true;
            }
        };
        final CommandGenerator generator = new CommandGenerator(20261203L);
        final int survivor = (oldLeader + 1) % cluster.size();
        differential.run(node, generator, 1_000);
        final long failoverRunFirst = cluster.node(survivor).counters().journalLastSequence() + 1;
        differential.run(node, generator, COMMANDS, () -> cluster.stop(oldLeader));
        final long failoverRunLast = cluster.node(survivor).counters().journalLastSequence();
        differential.run(node, generator, 1_000);

        final long lastSequence = cluster.node(survivor).counters().journalLastSequence();
        cluster.awaitEqualStateHash(lastSequence, 60_000);
        cluster.close();
        final List<byte[]> first = cluster.verifiedJournal(survivor);
        final List<byte[]> second = cluster.verifiedJournal((oldLeader + 2) % cluster.size());
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++)
        {
            assertTrue(Arrays.equals(first.get(i), second.get(i)), "survivors' entry " + i);
        }
        // The old leader may have applied, and not delivered, what it had committed when it stopped; the new leader
        // publishes market data before the subscriber has joined it (it tries again every 500 ms).
        differential.assertExpectedAcrossFailover(
            new File(cluster.memberDir(survivor), "journal"), failoverRunFirst, failoverRunLast);
    }
}
