package io.streamflow.sequencer;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalVerifier;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash loop: a node in a child process under load, {@code kill -9} at a random moment, restarted on the same
 * directory and the same media driver directory, several rounds. Every acknowledged (client id, client sequence) is
 * in the journal exactly once, the journal verifies, and each restart takes its directory over at once (no waiting
 * for the dead driver's heartbeat to time out).
 */
class CrashLoopTest
{
    private static final int ROUNDS = 5;
    private static final long CLIENT_ID = 777;
    /** A restart that has to wait out the dead driver's 10 s heartbeat timeout is far beyond this. */
    private static final long RESTART_BOUND_MS = 5_000;

    @TempDir
    File dir;

    @Test
    void everyAcknowledgedRecordSurvivesEveryKillExactlyOnce() throws Exception
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final String aeronDir = TestNodes.aeronDirFor(dir);
        final List<Long> acked = new ArrayList<>();
        final List<Long> restartMs = new ArrayList<>();
        long killedAtNs = 0;

        try
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final int port = NodeProcess.freeUdpPort();
                try (NodeProcess child = NodeProcess.start(dir, aeronDir, port, 2_000 + random.nextInt(3_000)))
                {
                    if (round > 0)
                    {
                        restartMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAtNs));
                    }
                    final int killAfter = 1_000 + random.nextInt(6_000);
                    sendUntilKilled(child, port, round, killAfter, acked);
                    killedAtNs = System.nanoTime();
                }
            }
        }
        finally
        {
            IoUtil.delete(new File(aeronDir), true);
        }

        try (Journal journal = Journal.openReadOnly(new File(dir, "journal")))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault() + ", seed " + seed);
        }
        final Map<Long, Integer> journaled = new HashMap<>();
        for (final Records.Entry entry : Records.readJournal(new File(dir, "journal")))
        {
            assertEquals(CLIENT_ID, entry.clientId());
            journaled.merge(entry.clientSequence(), 1, Integer::sum);
        }
        for (final long clientSequence : acked)
        {
            assertEquals(Integer.valueOf(1), journaled.get(clientSequence),
                "acked client sequence " + clientSequence + " journaled exactly once, seed " + seed);
        }
        assertTrue(acked.size() >= ROUNDS * 1_000, "load in every round: " + acked.size());
        for (final long ms : restartMs)
        {
            assertTrue(ms < RESTART_BOUND_MS, "restarts after the kill, in ms: " + restartMs);
        }
        System.out.println("crash loop: " + acked.size() + " records acked over " + ROUNDS + " kills; restart " +
            "after the kill (child JVM start included), ms: " + restartMs + ", seed " + seed);
    }

    /**
     * Send records from a client of its own (its own media driver, over UDP) until this many are acknowledged, then
     * kill the node with more in flight.
     */
    private void sendUntilKilled(
        final NodeProcess child, final int port, final int round, final int killAfter, final List<Long> acked)
    {
        final File clientDriverDir = new File(TestNodes.aeronDirFor(dir) + "-client-" + round);
        final RecordingListener listener = new RecordingListener();
        final StreamFlowClient client = StreamFlowClient.connect(new StreamFlowClient.Context()
            .embeddedDriver(true)
            .aeronDirectoryName(clientDriverDir.getPath())
            .ingressChannel("aeron:udp?endpoint=localhost:" + port)
            .sendTimeoutNs(TimeUnit.SECONDS.toNanos(2))
            .clientId(CLIENT_ID));
        try
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[40]);
            boolean killed = false;
            for (int i = 0; i < 200_000; i++)
            {
                if (!killed && listener.ackedClientSequences.size() >= killAfter)
                {
                    child.kill9();
                    killed = true;
                }
                if (client.sendRecord(1, i, null, 0, 0, payload, 0, payload.capacity(), listener) < 0)
                {
                    break;
                }
                client.poll(listener, 64);
            }
            assertTrue(killed, "killed under load in round " + round + " (sends stopped after " +
                listener.ackedClientSequences.size() + " acks); the node's stderr:\n" +
                ChildJvm.tail(new File(dir, "child-stderr.log")));
            listener.assertNoRejects();
            for (int i = 0; i < listener.ackedClientSequences.size(); i++)
            {
                acked.add(listener.ackedClientSequences.getLong(i));
            }
        }
        finally
        {
            client.close();
            IoUtil.delete(clientDriverDir, true);
        }
    }
}
