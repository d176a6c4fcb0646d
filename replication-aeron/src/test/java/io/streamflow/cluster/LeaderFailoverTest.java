package io.streamflow.cluster;

import io.aeron.FragmentAssembler;
import io.streamflow.client.OutputSubscription;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.OrderTarget;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sequencer.TestNodes;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.RecordTarget;
import io.streamflow.sequencer.Records;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leader stops in the middle of a load: the two others elect a new leader, the client follows it and sends again
 * what went unanswered, every record sent is acknowledged, and each is in the survivors' journals exactly once.
 */
class LeaderFailoverTest
{
    private static final long CLIENT_ID = 11;
    private static final int RECORDS = 6_000;

    @RegisterExtension
    final TestCluster cluster = new TestCluster(3);

    @Test
    void clientFollowsTheNewLeaderAndNothingIsLostOrDoubled() throws InterruptedException
    {
        final int oldLeader = startExpectingFailover();

        final LoadGenerator.Result result;
        final long leaderChanges;
        final long resends;
        final Thread stopper = stopAfter(oldLeader, 1_000);
        try (StreamFlowClient client = cluster.client(CLIENT_ID))
        {
            stopper.start();
            result = LoadGenerator.run(new RecordTarget(client, 1), new LoadGenerator.Settings(
                RECORDS, 2_000, 0, 16, 1, 100, 10_000, TimeUnit.SECONDS.toNanos(30)));
            leaderChanges = client.leaderChanges();
            resends = client.resends();
        }
        stopper.join();

        assertEquals(RECORDS, result.sent());
        assertEquals(0, result.unanswered(), "every record answered");
        assertEquals(0, result.rejected());
        assertEquals(RECORDS, result.acked() + result.duplicates());
        assertTrue(leaderChanges >= 1, "the client followed a new leader");
        assertTrue(resends > 0, "what the old leader left unanswered was sent again");
        final int newLeader = cluster.awaitLeader(30_000).context().memberId();
        assertNotEquals(oldLeader, newLeader);

        final int[] survivors = new int[2];
        for (int id = 0, i = 0; id < cluster.size(); id++)
        {
            if (id != oldLeader)
            {
                survivors[i++] = id;
            }
        }
        cluster.awaitJournaled(RECORDS - 1, 30_000);
        cluster.close();

        final List<byte[]> first = cluster.verifiedJournal(survivors[0]);
        final List<byte[]> second = cluster.verifiedJournal(survivors[1]);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++)
        {
            assertTrue(Arrays.equals(first.get(i), second.get(i)), "survivors' entry " + i);
        }

        final Long2LongHashMap copies = new Long2LongHashMap(0);
        for (final Records.Entry entry : Records.readJournal(new File(cluster.memberDir(survivors[0]), "journal")))
        {
            assertEquals(CLIENT_ID, entry.clientId());
            copies.merge(entry.clientSequence(), 1, Long::sum);
        }
        for (long sequence = 0; sequence < RECORDS; sequence++)
        {
            assertEquals(1, copies.get(sequence), "client sequence " + sequence + " journaled once");
        }
        assertEquals(RECORDS, first.size());
    }

    @Test
    void theNewLeaderPublishesTheMarketDataInEngineOrder() throws InterruptedException
    {
        final int oldLeader = startExpectingFailover();
        final LongArrayList sequences = new LongArrayList();
        final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) ->
            sequences.add(buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH))); // Trade, TopOfBook
        final Thread stopper = stopAfter(oldLeader, 1_000);
        final LoadGenerator.Result result;
        try (StreamFlowClient client = cluster.client(CLIENT_ID + 1);
            OutputSubscription marketData = client.subscribeOutput(ProtocolDefaults.MARKET_DATA_STREAM_ID))
        {
            TestNodes.await(marketData::isConnected, 10_000, () -> client.poll(null, 16), "the leader's market data");
            stopper.start();
            final OrderTarget orders = new OrderTarget(client, new StandardOperator.Context().instruments().get(0)
                .instrumentId(), null, 7);
            result = LoadGenerator.run(orders, new LoadGenerator.Settings(RECORDS, 2_000, 0, 0, 1, 1, 10_000,
                TimeUnit.SECONDS.toNanos(30)), () -> marketData.poll(assembler, 64) < 0, null);
            // The new leader publishes once the subscriber has joined it (what it published before is a gap): orders
            // after the first load's, every one after the failover, until their market data arrives.
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (sequences.isEmpty() || sequences.getLong(sequences.size() - 1) < RECORDS)
            {
                assertTrue(System.nanoTime() - deadlineNs < 0, "no market data from the new leader");
                LoadGenerator.run(orders, new LoadGenerator.Settings(100, 1_000, 0, 0, 1, 1, 10_000,
                    TimeUnit.SECONDS.toNanos(30)), () -> marketData.poll(assembler, 64) < 0, null);
            }
        }
        stopper.join();

        assertEquals(0, result.unanswered());
        for (int i = 1; i < sequences.size(); i++)
        {
            assertTrue(sequences.getLong(i) >= sequences.getLong(i - 1), "market data in engine order at " + i);
        }
    }

    private int startExpectingFailover()
    {
        cluster.start();
        // What a follower sees when its leader goes: warnings, counted in the error log.
        cluster.expectClusterWarnings("leader heartbeat timeout", "log recording stopped");
        return cluster.awaitLeader(30_000).context().memberId();
    }

    private Thread stopAfter(final int memberId, final long delayMs)
    {
        return new Thread(() ->
        {
            try
            {
                Thread.sleep(delayMs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            cluster.stop(memberId);
        });
    }
}
