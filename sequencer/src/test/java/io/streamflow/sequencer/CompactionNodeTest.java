package io.streamflow.sequencer;

import io.streamflow.client.LogFollower;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.CompactedStore;
import io.streamflow.journal.CompactionManifest;
import io.streamflow.journal.JournalAudit;
import io.streamflow.journal.JournalScanner;
import io.streamflow.journal.RetentionPolicy;
import io.streamflow.sbe.FollowFrom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that compacts a stream (one-second cycles, a one-second retention): each sealed cycle's records go to the
 * stream's compacted version, retention then drops the cycles, and a remote consumer that follows the stream from
 * the earliest reads the newest record of every key up to what compaction covered, then every record after it, live:
 * what a reference computes from the producer's acks, with no gap and no duplicate.
 */
class CompactionNodeTest
{
    private static final int STREAM = 7;
    private static final int KEYS = 37;

    @TempDir
    File dir;

    @Test
    void aFollowFromTheEarliestReadsTheNewestValueOfEachKeyThenWhatCameAfter()
    {
        final File journalDir = new File(dir, "journal");
        final LogServerTest.Producer producer = new LogServerTest.Producer();
        final Map<Long, Integer> keyOfClientSequence = new HashMap<>();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams("events=7:3")
            .journalRollCycle("TEST_SECONDLY").snapshotInterval(50).compactStreams("events")
            .journalRetention(new RetentionPolicy(TimeUnit.SECONDS.toNanos(1), 0, false)));
            StreamFlowClient client = TestNodes.ipcClient(node, 3))
        {
            // Three batches, each in a second (a cycle) of its own: every key gets a value in each.
            TestNodes.awaitNextSecond();
            produce(client, producer, 200, keyOfClientSequence);
            final File first = JournalScanner.cycleFiles(journalDir).get(0);
            TestNodes.awaitNextSecond();
            produce(client, producer, 200, keyOfClientSequence);
            TestNodes.awaitNextSecond();
            produce(client, producer, 200, keyOfClientSequence);
            TestNodes.await(() -> node.counters().streamsCompacted.get() >= 1 && !first.exists(), 20_000, () -> { },
                "a compaction, then the first cycle dropped");
            assertEquals(0, node.counters().journalCyclesDroppedForced.get());

            final CompactionManifest covered = CompactedStore.current(journalDir, STREAM).manifest();
            final List<LogServerTest.Placed> expected = reference(producer.inPartition(-1), keyOfClientSequence,
                covered.covered());
            assertTrue(expected.size() < 600, "compaction dropped superseded values");
            final LogServerTest.Follow follow = new LogServerTest.Follow();
            try (LogFollower follower = client.follow(STREAM, LogFollower.EVERY_PARTITION, FollowFrom.EARLIEST, 0))
            {
                TestNodes.await(() -> 1 == follow.lives, 10_000, () -> follower.poll(follow, 256), "live");
                final List<LogServerTest.Placed> history = new ArrayList<>();
                follow.records.forEach((r) -> history.add(r.placed()));
                final List<LogServerTest.Placed> expectedNow = reference(producer.inPartition(-1),
                    keyOfClientSequence, CompactedStore.current(journalDir, STREAM).manifest().covered());
                assertTrue(history.equals(expected) || history.equals(expectedNow), "history " + history.size() +
                    " records, expected " + expected.size());

                // Live after the compacted history and the journal: the next record, once.
                produce(client, producer, 1, keyOfClientSequence);
                final LogServerTest.Placed last = producer.inPartition(-1).get(producer.inPartition(-1).size() - 1);
                TestNodes.await(() -> follow.records.size() == history.size() + 1, 10_000,
                    () -> follower.poll(follow, 256), "the live record");
                assertEquals(last, follow.records.get(follow.records.size() - 1).placed());
            }
            assertTrue(node.logServerCounters().followsOfCompactedHistory() >= 1);
        }
        final JournalAudit.Result audit = JournalAudit.verify(journalDir);
        assertTrue(audit.isValid(), audit.fault());
        assertFalse(audit.notes().stream().noneMatch((n) -> n.startsWith("stream 7 compacted")), audit.notes()
            .toString());
    }

    /**
     * Of the records up to the covered engine sequence, the last of each (partition, key); then every record after.
     */
    private static List<LogServerTest.Placed> reference(
        final List<LogServerTest.Placed> placed, final Map<Long, Integer> keyOf, final long covered)
    {
        final Map<String, LogServerTest.Placed> last = new HashMap<>();
        placed.stream().filter((p) -> p.engineSequence() <= covered)
            .forEach((p) -> last.put(p.partition() + "/" + keyOf.get(p.clientSequence()), p));
        return placed.stream().filter((p) -> p.engineSequence() > covered ||
            last.get(p.partition() + "/" + keyOf.get(p.clientSequence())) == p).toList();
    }

    private static void produce(
        final StreamFlowClient client, final LogServerTest.Producer producer, final int count,
        final Map<Long, Integer> keyOf)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[4]);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
        final int answersBefore = producer.answers();
        for (int i = 0; i < count; i++)
        {
            final long clientSequence = client.nextClientSequence();
            payload.putLong(0, clientSequence);
            key.putInt(0, (int)(clientSequence % KEYS));
            keyOf.put(clientSequence, (int)(clientSequence % KEYS));
            assertTrue(client.sendRecord(STREAM, i, key, 0, 4, payload, 0, 16, producer) >= 0);
            client.poll(producer, 64);
        }
        TestNodes.await(() -> producer.answers() - answersBefore >= count, 30_000, () -> client.poll(producer, 256),
            count + " acks");
        producer.assertNoRejects();
    }
}
