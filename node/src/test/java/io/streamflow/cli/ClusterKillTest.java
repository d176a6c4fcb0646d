package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.OrderTarget;
import io.streamflow.client.load.RecordTarget;
import io.streamflow.cluster.MemberStatus;
import io.streamflow.engine.ErrorLog;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sequencer.ChildJvm;
import io.streamflow.sequencer.ErrorLogCheck;
import io.streamflow.sequencer.Records;
import io.streamflow.sequencer.TestNodes;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three members, each its own process; the leader is SIGKILLed under load (records and orders from two clients),
 * twice, and restarted each time: a new leader is elected within the timeouts, the clients follow it, every record
 * and order is acknowledged and journaled exactly once, and every member's journal, the restarted ones' included,
 * ends up the same.
 */
class ClusterKillTest
{
    private static final int RECORDS = 20_000;
    private static final int RATE = 2_000;
    private static final int KILLS = 2;
    private static final int ORDERS = 5_000;
    private static final int ORDER_RATE = 500;
    private static final long RECORD_CLIENT_ID = 77;
    private static final long ORDER_CLIENT_ID = 78;

    @TempDir
    File dir;

    @Test
    void leaderKilledUnderLoadRepeatedly() throws Exception
    {
        final LongArrayList electionMs = new LongArrayList();
        final AtomicReference<Throwable> killerFailure = new AtomicReference<>();
        final LoadGenerator.Result result;
        final long leaderChanges;
        try (ClusterProcesses cluster = new ClusterProcesses(dir, 3, 0, List.of()).start())
        {
            for (int id = 0; id < cluster.size(); id++)
            {
                ErrorLogCheck.watch(cluster.memberDir(id));
                // What the others see when a leader dies: warnings, counted in their error logs.
                ErrorLogCheck.expect(cluster.memberDir(id), "leader heartbeat timeout", "log recording stopped",
                    "followerLogAwait", "ClusterEvent: WARN");
            }
            cluster.awaitLeader(60_000);
            final Thread killer = new Thread(() ->
            {
                try
                {
                    for (int kill = 0; kill < KILLS; kill++)
                    {
                        Thread.sleep(2_000);
                        final int leader = cluster.awaitLeader(30_000);
                        cluster.kill(leader, 10_000);
                        final long killedNs = System.nanoTime();
                        final int newLeader = cluster.awaitLeader(30_000);
                        electionMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs));
                        assertNotEquals(leader, newLeader);
                        cluster.start(leader);
                    }
                }
                catch (final Throwable ex)
                {
                    killerFailure.set(ex);
                }
            }, "killer");

            final AtomicReference<LoadGenerator.Result> orders = new AtomicReference<>();
            final Thread orderer = new Thread(() ->
            {
                try (StreamFlowClient client = client(cluster, ORDER_CLIENT_ID))
                {
                    orders.set(LoadGenerator.run(new OrderTarget(client, new StandardOperator.Context().instruments()
                        .get(0).instrumentId(), null, 7), new LoadGenerator.Settings(
                        ORDERS, ORDER_RATE, 0, 0, 1, 1, 10_000, TimeUnit.SECONDS.toNanos(30))));
                }
            }, "orders");
            try (StreamFlowClient client = client(cluster, RECORD_CLIENT_ID))
            {
                killer.start();
                orderer.start();
                result = LoadGenerator.run(new RecordTarget(client, 1), new LoadGenerator.Settings(
                    RECORDS, RATE, 0, 16, 1, 100, 10_000, TimeUnit.SECONDS.toNanos(30)));
                leaderChanges = client.leaderChanges();
            }
            killer.join(60_000);
            orderer.join(60_000);
            assertEquals(0, orders.get().unanswered(), "every order answered");
            assertEquals(ORDERS, orders.get().sent());
            assertNull(killerFailure.get(), () -> "killer: " + killerFailure.get());

            // Every member, the restarted ones too, journals the last record.
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int id = 0; id < cluster.size(); id++)
            {
                while (MemberStatus.read(cluster.memberDir(id)).journalLastSequence() < RECORDS + ORDERS - 1)
                {
                    if (System.nanoTime() - deadlineNs > 0)
                    {
                        fail("member " + id + " did not catch up: " + MemberStatus.read(cluster.memberDir(id)) +
                            "; its log ends:\n" +
                            ChildJvm.tail(new File(cluster.memberDir(id), ClusterProcesses.LOG_FILE)) +
                            "\nits errors:\n" + errors(cluster.memberDir(id)));
                    }
                    sleep(20);
                }
            }
        }

        assertEquals(RECORDS, result.sent());
        assertEquals(0, result.unanswered(), "every record answered");
        assertEquals(RECORDS, result.acked() + result.duplicates());
        assertTrue(leaderChanges >= KILLS, "the client followed " + leaderChanges + " new leaders");
        assertEquals(KILLS, electionMs.size());
        for (int i = 0; i < electionMs.size(); i++)
        {
            // Leader heartbeat timeout (2 s) plus an election; generous for a shared 2-core machine.
            assertTrue(electionMs.getLong(i) < 15_000, "new leader after " + electionMs.getLong(i) + " ms");
        }

        final List<byte[]> first = Records.verifiedEntryBytes(new File(dir, "node-0/journal"));
        for (int id = 1; id < 3; id++)
        {
            final List<byte[]> entries = Records.verifiedEntryBytes(new File(dir, "node-" + id + "/journal"));
            assertEquals(first.size(), entries.size(), "member " + id + "'s entries");
            for (int i = 0; i < first.size(); i++)
            {
                assertTrue(Arrays.equals(first.get(i), entries.get(i)), "member " + id + " entry " + i);
            }
        }
        final Long2LongHashMap records = new Long2LongHashMap(0);
        final Long2LongHashMap orderCopies = new Long2LongHashMap(0);
        for (final Records.Entry entry : Records.readJournal(new File(dir, "node-0/journal")))
        {
            (RECORD_CLIENT_ID == entry.clientId() ? records : orderCopies).merge(entry.clientSequence(), 1, Long::sum);
        }
        assertEquals(RECORDS + ORDERS, first.size(), "no record or order twice, none missing");
        for (long sequence = 0; sequence < RECORDS; sequence++)
        {
            assertEquals(1, records.get(sequence), "record, client sequence " + sequence);
        }
        for (long sequence = 0; sequence < ORDERS; sequence++)
        {
            assertEquals(1, orderCopies.get(sequence), "order, client sequence " + sequence);
        }
    }

    private StreamFlowClient client(final ClusterProcesses cluster, final long clientId)
    {
        return StreamFlowClient.connect(new StreamFlowClient.Context()
            .clientId(clientId)
            .embeddedDriver(true)
            .aeronDirectoryName(TestNodes.aeronDirFor(new File(dir, "client-" + clientId)))
            .clusterIngressEndpoints(cluster.ingressEndpoints()));
    }

    private static String errors(final File memberDir)
    {
        final StringBuilder text = new StringBuilder();
        ErrorLog.read(new File(memberDir, ErrorLog.FILE_NAME),
            (count, firstMs, lastMs, error) -> text.append(count).append(" x ").append(error).append('\n'));
        return text.toString();
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
