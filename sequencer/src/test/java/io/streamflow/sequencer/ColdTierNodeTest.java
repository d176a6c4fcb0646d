package io.streamflow.sequencer;

import io.streamflow.client.LogFollower;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.StreamsListing;
import io.streamflow.journal.ColdTier;
import io.streamflow.journal.JournalAudit;
import io.streamflow.journal.JournalScanner;
import io.streamflow.sbe.FollowFrom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that moves cycles older than a second to the cold tier (one-second cycles, snapshots every 50 commands)
 * moves its first cycles there by itself, compressed, and a remote consumer that follows from the earliest, or from
 * an offset in a cold cycle, reads every record as before: cold cycles, then the journal at hand, then live, with no
 * gap and no duplicate. The node starts again from its snapshot and the journal it kept.
 */
class ColdTierNodeTest
{
    private static final int STREAM = 7;

    @TempDir
    File dir;

    @Test
    void followsReadTheColdCyclesThenTheJournalAtHand()
    {
        final File journalDir = new File(dir, "journal");
        final LogServerTest.Producer producer = new LogServerTest.Producer();
        try (StreamFlowNode node = StreamFlowNode.launch(context());
            StreamFlowClient client = TestNodes.ipcClient(node, 3))
        {
            TestNodes.awaitNextSecond();
            LogServerTest.produce(client, producer, 200, new AtomicLong(), 0);
            final File first = JournalScanner.cycleFiles(journalDir).get(0);
            TestNodes.awaitNextSecond();
            LogServerTest.produce(client, producer, 200, new AtomicLong(), 0);
            TestNodes.awaitNextSecond();
            LogServerTest.produce(client, producer, 20, new AtomicLong(), 0);
            TestNodes.await(() -> node.counters().journalCyclesMovedToCold.get() >= 1 && !first.exists(), 20_000,
                () -> { }, "the first cycle to move to the cold tier");
            assertTrue(ColdTier.coldFile(journalDir, first.getName()).isFile());

            final LogServerTest.Follow all = new LogServerTest.Follow();
            final LogServerTest.Follow fromOffset = new LogServerTest.Follow();
            try (LogFollower earliest = client.follow(STREAM, LogFollower.EVERY_PARTITION, FollowFrom.EARLIEST, 0);
                LogFollower byOffset = client.follow(STREAM, 1, FollowFrom.OFFSET, 5))
            {
                TestNodes.await(() -> 1 == all.lives && 1 == fromOffset.lives, 10_000, () ->
                {
                    earliest.poll(all, 256);
                    byOffset.poll(fromOffset, 256);
                }, "both live");
                assertEquals(producer.inPartition(-1), all.records.stream().map(LogServerTest.Received::placed)
                    .toList());
                final List<LogServerTest.Placed> expected = producer.inPartition(1).stream()
                    .filter((p) -> p.offset() >= 5).toList();
                assertEquals(expected, fromOffset.records.stream().map(LogServerTest.Received::placed).toList());

                LogServerTest.produce(client, producer, 1, new AtomicLong(), 0);
                TestNodes.await(() -> all.records.size() == producer.inPartition(-1).size(), 10_000,
                    () -> earliest.poll(all, 256), "the live record");
            }
            assertEquals(2, node.logServerCounters().followsOfColdTier());

            // The node's listing counts what the cold tier holds too: every partition from offset 0.
            final StreamsListing listing = client.listStreams(TimeUnit.SECONDS.toNanos(10));
            for (int partition = 0; partition < 3; partition++)
            {
                final int p = partition;
                final StreamsListing.Partition listed = listing.partitions().stream()
                    .filter((l) -> STREAM == l.streamId() && p == l.partition()).findFirst().orElseThrow();
                assertEquals(0, listed.firstOffset(), listed.toString());
                assertEquals(producer.inPartition(p).size(), listed.endOffset(), listed.toString());
            }
        }
        final JournalAudit.Result audit = JournalAudit.verify(journalDir);
        assertTrue(audit.isValid(), audit.fault());

        try (StreamFlowNode node = StreamFlowNode.launch(context());
            StreamFlowClient client = TestNodes.ipcClient(node, 4))
        {
            final LogServerTest.Producer after = new LogServerTest.Producer();
            LogServerTest.produce(client, after, 1, new AtomicLong(), 0);
            assertEquals(producer.inPartition(-1).size(), after.inPartition(-1).get(0).engineSequence(),
                "recovered from the snapshot and the journal at hand");
        }
    }

    private StreamFlowNode.Context context()
    {
        return TestNodes.context(dir).streams("events=7:3").journalRollCycle("TEST_SECONDLY").snapshotInterval(50)
            .journalColdAfterNs(TimeUnit.SECONDS.toNanos(1));
    }
}
