package io.streamflow.sequencer;

import io.aeron.Aeron;
import io.streamflow.client.FollowListener;
import io.streamflow.client.FollowedRecord;
import io.streamflow.client.LogFollower;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.StreamsListing;
import io.streamflow.engine.Principals;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.FollowSource;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote consumers follow a stream partition from the log server: history from the journal, then live, with no gap
 * and no duplicate at the hand-over while records arrive; from an offset, a time or the latest; refused with a
 * reason when the follow names what the node does not have; and a consumer that stops reading never stalls the node.
 */
class LogServerTest
{
    private static final int STREAM = 7;
    private static final String STREAMS = "events=7:3";

    @TempDir
    File dir;

    /** A record as its producer's ack placed it. */
    record Placed(long clientSequence, long engineSequence, long timestampNs, int partition, long offset)
    {
    }

    /** A record as the follower received it. */
    record Received(long clientSequence, long engineSequence, long timestampNs, int partition, long offset,
        long payloadSequence)
    {
        Placed placed()
        {
            return new Placed(clientSequence, engineSequence, timestampNs, partition, offset);
        }
    }

    /** Keeps what a follow delivers. */
    static final class Follow implements FollowListener
    {
        final List<Received> records = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        int lives;
        int recordsBeforeLive = -1;
        int resumings;
        FollowFrom resumedFrom;
        long resumedFromValue;

        public void onRecord(final FollowedRecord record)
        {
            records.add(new Received(record.clientSequence(), record.engineSequence(), record.timestampNs(),
                record.partition(), record.partitionOffset(), record.buffer().getLong(record.payloadOffset())));
        }

        public void onLive(final long correlationId, final long engineSequence)
        {
            lives++;
            recordsBeforeLive = records.size();
        }

        public void onEnded(final long correlationId, final boolean refused, final String reason)
        {
            ended.add((refused ? "refused: " : "closed: ") + reason);
        }

        public void onResuming(final long correlationId, final FollowFrom from, final long fromValue)
        {
            resumings++;
            resumedFrom = from;
            resumedFromValue = fromValue;
        }
    }

    /** Keeps where each acked record went. */
    static final class Producer extends RecordingListener
    {
        final List<Placed> placed = new ArrayList<>();

        public void onAck(
            final long clientSequence,
            final long engineSequence,
            final long timestampNs,
            final boolean duplicate,
            final int partition,
            final long partitionOffset)
        {
            onAck(clientSequence, engineSequence, timestampNs, duplicate);
            synchronized (placed)
            {
                placed.add(new Placed(clientSequence, engineSequence, timestampNs, partition, partitionOffset));
            }
        }

        List<Placed> inPartition(final int partition)
        {
            synchronized (placed)
            {
                return placed.stream().filter((p) -> partition < 0 || p.partition() == partition).toList();
            }
        }
    }

    @Test
    void aFollowReplaysThenGoesLiveWithNoGapAndNoDuplicateWhileRecordsArrive() throws Exception
    {
        final Producer producer = new Producer();
        final AtomicLong sent = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final ExecutorService thread = Executors.newSingleThreadExecutor();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams(STREAMS));
            StreamFlowClient producing = TestNodes.ipcClient(node, 1);
            StreamFlowClient consuming = TestNodes.ipcClient(node, 2))
        {
            // Records arrive all along: before the follow, while it replays, at the hand-over and after it.
            final Future<?> produced = thread.submit(() -> produceUntil(producing, producer, sent, stop));
            TestNodes.await(() -> sent.get() >= 5_000, 30_000, () -> { }, "history before the follow");

            final Follow follow = new Follow();
            try (LogFollower follower = consuming.follow(STREAM, 1, FollowFrom.EARLIEST, 0))
            {
                TestNodes.await(() -> 1 == follow.lives, 60_000, () -> drain(follower, follow), "the hand-over");
                final long sentAtLive = sent.get();
                TestNodes.await(() -> sent.get() >= sentAtLive + 2_000, 60_000, () -> drain(follower, follow),
                    "records after the hand-over");
                stop.set(true);
                produced.get(60, TimeUnit.SECONDS);
                TestNodes.await(() -> follow.records.size() == producer.inPartition(1).size(), 60_000,
                    () -> drain(follower, follow), "every record of partition 1");
                assertEquals(LogFollower.State.LIVE, follower.state());
            }

            assertEquals(1, follow.lives, "live once");
            assertTrue(follow.recordsBeforeLive > 0 && follow.recordsBeforeLive < follow.records.size(),
                "history, then live: " + follow.recordsBeforeLive + " of " + follow.records.size());
            assertEquals(producer.inPartition(1), follow.records.stream().map(Received::placed).toList(),
                "exactly the acked records of partition 1, in order: no gap, no duplicate");
            for (final Received received : follow.records)
            {
                assertEquals(received.clientSequence(), received.payloadSequence(), "the producer's payload");
            }
            TestNodes.await(() -> 0 == node.logServerCounters().follows(), 10_000, () -> { }, "unfollowed");
            assertEquals(1, node.logServerCounters().followsClosed());
            assertEquals(follow.records.size(), node.logServerCounters().recordsSent());
        }
        finally
        {
            stop.set(true);
            thread.shutdownNow();
        }
    }

    @Test
    void aFollowStartsAtAnOffsetATimeOrTheLatest()
    {
        final Producer producer = new Producer();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams(STREAMS));
            StreamFlowClient client = TestNodes.ipcClient(node, 3))
        {
            produce(client, producer, 300, new AtomicLong(), 0);
            final List<Placed> history = producer.inPartition(-1);
            final long time = history.get(150).timestampNs();

            final Follow fromOffset = new Follow();
            final Follow fromTime = new Follow();
            final Follow fromLatest = new Follow();
            try (LogFollower byOffset = client.follow(STREAM, 2, FollowFrom.OFFSET, 10);
                LogFollower byTime = client.follow(STREAM, LogFollower.EVERY_PARTITION, FollowFrom.TIME, time);
                LogFollower latest = client.follow(STREAM, 0, FollowFrom.LATEST, 0))
            {
                TestNodes.await(() -> fromOffset.lives + fromTime.lives + fromLatest.lives == 3, 10_000, () ->
                {
                    byOffset.poll(fromOffset, 64);
                    byTime.poll(fromTime, 64);
                    latest.poll(fromLatest, 64);
                }, "all three live");
                assertEquals(0, fromLatest.records.size(), "latest: nothing from before");

                produce(client, producer, 30, new AtomicLong(), 0);
                final List<Placed> all = producer.inPartition(-1);
                final List<Placed> expectedByOffset = producer.inPartition(2).stream()
                    .filter((p) -> p.offset() >= 10).toList();
                final List<Placed> expectedByTime = all.stream().filter((p) -> p.timestampNs() >= time).toList();
                final List<Placed> expectedLatest = all.subList(300, 330).stream()
                    .filter((p) -> 0 == p.partition()).toList();
                TestNodes.await(() -> fromOffset.records.size() == expectedByOffset.size() &&
                    fromTime.records.size() == expectedByTime.size() &&
                    fromLatest.records.size() == expectedLatest.size(), 10_000, () ->
                    {
                        byOffset.poll(fromOffset, 64);
                        byTime.poll(fromTime, 64);
                        latest.poll(fromLatest, 64);
                    }, "the records of each start");

                assertEquals(expectedByOffset, fromOffset.records.stream().map(Received::placed).toList());
                assertEquals(10, fromOffset.records.get(0).offset());
                assertEquals(expectedByTime, fromTime.records.stream().map(Received::placed).toList());
                assertEquals(expectedLatest, fromLatest.records.stream().map(Received::placed).toList());
                assertEquals(3, node.logServerCounters().follows());
            }
            TestNodes.await(() -> 0 == node.logServerCounters().follows(), 10_000, () -> { }, "all unfollowed");
            assertEquals(3, node.logServerCounters().followsClosed());
        }
    }

    @Test
    void theNodeListsItsPartitionsWithTheirOffsets()
    {
        final Producer producer = new Producer();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams(STREAMS));
            StreamFlowClient client = TestNodes.ipcClient(node, 13))
        {
            final StreamsListing empty = client.listStreams(TimeUnit.SECONDS.toNanos(10));
            assertEquals(STREAMS, empty.streams());
            assertEquals(List.of(new StreamsListing.Partition(STREAM, 0, 0, 0, -1),
                new StreamsListing.Partition(STREAM, 1, 0, 0, -1), new StreamsListing.Partition(STREAM, 2, 0, 0, -1)),
                empty.partitions());

            produce(client, producer, 200, new AtomicLong(), 0);
            final long last = producer.inPartition(-1).get(199).engineSequence();
            final StreamsListing[] listing = new StreamsListing[1];
            TestNodes.await(() ->
            {
                listing[0] = client.listStreams(TimeUnit.SECONDS.toNanos(10));
                return listing[0].engineSequence() >= last;
            }, 10_000, () -> { }, "the table to have read the 200 records");
            for (int partition = 0; partition < 3; partition++)
            {
                final List<Placed> placed = producer.inPartition(partition);
                assertEquals(new StreamsListing.Partition(STREAM, partition, 0, placed.size(),
                    placed.get(placed.size() - 1).timestampNs()), listing[0].partitions().get(partition));
            }
        }
    }

    @Test
    void aFollowOfWhatTheNodeDoesNotHaveIsRefusedWithTheReasonAndCounted()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams(STREAMS));
            StreamFlowClient client = TestNodes.ipcClient(node, 4))
        {
            final Follow unknownStream = new Follow();
            final Follow unknownPartition = new Follow();
            final Follow negativeOffset = new Follow();
            final Follow good = new Follow();
            try (LogFollower a = client.follow(99, 0, FollowFrom.EARLIEST, 0);
                LogFollower b = client.follow(STREAM, 3, FollowFrom.EARLIEST, 0);
                LogFollower c = client.follow(STREAM, 0, FollowFrom.OFFSET, -4);
                LogFollower d = client.follow(STREAM, 0, FollowFrom.EARLIEST, 0))
            {
                TestNodes.await(() -> unknownStream.ended.size() + unknownPartition.ended.size() +
                    negativeOffset.ended.size() == 3 && 1 == good.lives, 10_000, () ->
                    {
                        a.poll(unknownStream, 16);
                        b.poll(unknownPartition, 16);
                        c.poll(negativeOffset, 16);
                        d.poll(good, 16);
                    }, "three refusals and one live follow");
                assertEquals(List.of("refused: unknown stream 99; the node has events=7:3"), unknownStream.ended);
                assertEquals(List.of("refused: stream 7 has partitions 0 to 2, not 3"), unknownPartition.ended);
                assertEquals(List.of("refused: a start OFFSET must not be negative: -4"), negativeOffset.ended);
                assertEquals(LogFollower.State.ENDED, a.state());
                assertEquals(LogFollower.State.LIVE, d.state());
                assertEquals(3, node.logServerCounters().followsRefused());
                assertEquals(1, node.logServerCounters().follows());
            }
        }
    }

    @Test
    void aNodeWithCredentialsServesFollowsOfItsPrincipalsOnly() throws Exception
    {
        final File credentials = new File(dir, "credentials");
        Files.writeString(credentials.toPath(), Principals.line("alice", "alice-secret", "111", "1") + "\n");
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node")).streams(STREAMS)
            .principals(Principals.load(credentials)));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.context().aeronDirectoryName()));
            LogFollower anonymous = follower(aeron, "");
            LogFollower wrongSecret = follower(aeron, "alice:wrong");
            LogFollower alice = follower(aeron, "alice:alice-secret"))
        {
            final Follow anonymousFollow = new Follow();
            final Follow wrongFollow = new Follow();
            final Follow aliceFollow = new Follow();
            TestNodes.await(() -> anonymousFollow.ended.size() + wrongFollow.ended.size() == 2 &&
                1 == aliceFollow.lives, 10_000, () ->
                {
                    anonymous.poll(anonymousFollow, 16);
                    wrongSecret.poll(wrongFollow, 16);
                    alice.poll(aliceFollow, 16);
                }, "two refusals and alice's follow live");
            final String refused = "refused: authentication failed: the node takes follows with the credentials " +
                "of a known principal";
            assertEquals(List.of(refused), anonymousFollow.ended);
            assertEquals(List.of(refused), wrongFollow.ended);
            assertEquals(2, node.logServerCounters().followsRefused());
        }
    }

    @Test
    void aFollowerGoesOnAcrossANodeRestartWithNoGapAndNoDuplicate() throws Exception
    {
        final int port = NodeProcess.freeUdpPort();
        final File nodeDir = new File(dir, "node");
        final Producer producer = new Producer();
        final Follow follow = new Follow();
        StreamFlowNode node = StreamFlowNode.launch(
            TestNodes.context(nodeDir).streams(STREAMS).ingressUdpEndpoint("localhost:" + port));
        try (StreamFlowClient consuming = TestNodes.udpClient(node, 8, new File(dir, "consumer-driver"));
            LogFollower follower = consuming.follow(STREAM, LogFollower.EVERY_PARTITION, FollowFrom.EARLIEST, 0))
        {
            try (StreamFlowClient producing = TestNodes.ipcClient(node, 7))
            {
                produce(producing, producer, 500, new AtomicLong(), 0);
            }
            TestNodes.await(() -> 500 == follow.records.size(), 10_000, () -> drain(follower, follow), "500");

            node.close();
            TestNodes.await(() -> 1 == follow.resumings, 10_000, () -> drain(follower, follow), "the follower " +
                "told the node stops");
            node = StreamFlowNode.launch(
                TestNodes.context(nodeDir).streams(STREAMS).ingressUdpEndpoint("localhost:" + port));
            try (StreamFlowClient producing = TestNodes.ipcClient(node, 7))
            {
                produce(producing, producer, 500, new AtomicLong(), 0);
            }
            TestNodes.await(() -> 1_000 == follow.records.size() && 2 == follow.lives, 30_000,
                () -> drain(follower, follow), "the records from after the restart: " + follow.records.size() +
                " records, live " + follow.lives + " times, resuming " + follow.resumings + " times, " +
                follower.state() + " (when the wait began)");

            assertEquals(producer.inPartition(-1), follow.records.stream().map(Received::placed).toList(),
                "every record of every partition, once, in order, across the restart");
            // Once on NODE_STOPPING; once more when the Follow sent then went to the stopping node's last moments and
            // the connection to it dropped after: each time from the same place.
            assertTrue(follower.resumes() >= 1 && follower.resumes() <= 2, "resumes: " + follower.resumes());
            assertEquals(follower.resumes(), follow.resumings);
            assertEquals(FollowFrom.SEQUENCE, follow.resumedFrom);
            assertEquals(500, follow.resumedFromValue, "after the last engine sequence heard of");
        }
        finally
        {
            node.close();
        }
    }

    @Test
    void aFollowerGoesOnAfterTheNodeIsKilledAndStartedAgain() throws Exception
    {
        final int port = NodeProcess.freeUdpPort();
        final String ingress = "aeron:udp?endpoint=localhost:" + port;
        final Follow follow = new Follow();
        final RecordingListener acks = new RecordingListener();
        final NodeProcess child = NodeProcess.start(dir, TestNodes.aeronDirFor(dir), port);
        try (StreamFlowClient consuming = udpClient(new File(dir, "consumer-driver"), ingress, 9);
            LogFollower follower = consuming.follow(1, LogFollower.EVERY_PARTITION, FollowFrom.EARLIEST, 0))
        {
            try (child)
            {
                try (StreamFlowClient producing = udpClient(new File(dir, "producer-driver"), ingress, 10))
                {
                    Records.sendAndAwait(producing, 300, acks);
                }
                TestNodes.await(() -> 300 == follow.records.size(), 30_000, () -> drain(follower, follow), "300");
                child.kill9();
            }
            TestNodes.await(() -> 1 == follow.resumings, 30_000, () -> drain(follower, follow),
                "the follower to find the node gone");

            try (NodeProcess restarted = NodeProcess.start(dir, TestNodes.aeronDirFor(dir), port);
                StreamFlowClient producing = udpClient(new File(dir, "producer-driver-2"), ingress, 10))
            {
                assertTrue(restarted.isAlive(), "the node started again");
                Records.sendAndAwait(producing, 300, acks);
                TestNodes.await(() -> 600 == follow.records.size(), 30_000, () -> drain(follower, follow),
                    "the records after the restart");
            }
        }
        finally
        {
            child.close();
        }
        acks.assertNoRejects();
        assertEquals(600, acks.ackedEngineSequences.size());
        for (int i = 0; i < 600; i++)
        {
            assertEquals(i, follow.records.get(i).engineSequence(), "no gap, no duplicate across the kill");
            assertEquals(acks.ackedClientSequences.getLong(i), follow.records.get(i).clientSequence());
        }
        assertEquals(FollowFrom.SEQUENCE, follow.resumedFrom);
        assertEquals(300, follow.resumedFromValue);
    }

    private static StreamFlowClient udpClient(final File driverDir, final String ingress, final long clientId)
    {
        IoUtil.delete(driverDir, true);
        return StreamFlowClient.connect(new StreamFlowClient.Context()
            .embeddedDriver(true)
            .aeronDirectoryName(driverDir.getPath())
            .ingressChannel(ingress)
            .clientId(clientId));
    }

    private static LogFollower follower(final Aeron aeron, final String credentials)
    {
        return new LogFollower(aeron, () -> { }, "aeron:ipc", "localhost",
            credentials.getBytes(StandardCharsets.UTF_8), FollowSource.RECORDS, STREAM, 0, FollowFrom.EARLIEST, 0);
    }

    @Test
    void aConsumerThatStopsReadingFallsBehindWithoutStallingTheNode()
    {
        final int records = 40_000;
        final Producer producer = new Producer();
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams("events=7"));
            StreamFlowClient producing = TestNodes.ipcClient(node, 5);
            StreamFlowClient consuming = TestNodes.ipcClient(node, 6))
        {
            final Follow follow = new Follow();
            try (LogFollower follower = consuming.follow(STREAM, 0, FollowFrom.EARLIEST, 0))
            {
                TestNodes.await(() -> 1 == follow.lives, 10_000, () -> follower.poll(follow, 16), "live");

                // The consumer reads nothing while a term buffer's worth and more is appended.
                produce(producing, producer, records, new AtomicLong(), 0, 1024);
                assertEquals(records, producer.ackedClientSequences.size(), "every record acked meanwhile");
                TestNodes.await(() -> node.logServerCounters().fellBehind() >= 1, 10_000, () -> { },
                    "the follower fell behind");

                TestNodes.await(() -> follow.records.size() == records, 60_000, () -> follower.poll(follow, 256),
                    "the follower catches up from the journal");
                assertEquals(producer.inPartition(0), follow.records.stream().map(Received::placed).toList());
            }
        }
    }

    private static void drain(final LogFollower follower, final Follow follow)
    {
        while (follower.poll(follow, 256) > 0)
        {
            continue;
        }
    }

    /**
     * Records paced at about 200 a millisecond until told to stop (at most half a million), then every ack.
     */
    private static void produceUntil(
        final StreamFlowClient client, final Producer producer, final AtomicLong sent, final AtomicBoolean stop)
    {
        final AtomicLong chunk = new AtomicLong();
        int count = 0;
        while (!stop.get() && count < 500_000)
        {
            produce(client, producer, 200, chunk, 0);
            count += 200;
            sent.set(count);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    static void produce(
        final StreamFlowClient client,
        final Producer producer,
        final int count,
        final AtomicLong sent,
        final int pauseEvery)
    {
        produce(client, producer, count, sent, pauseEvery, 16);
    }

    private static void produce(
        final StreamFlowClient client,
        final Producer producer,
        final int count,
        final AtomicLong sent,
        final int pauseEvery,
        final int payloadLength)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[payloadLength]);
        final int answersBefore = producer.answers();
        for (int i = 0; i < count; i++)
        {
            final long clientSequence = client.nextClientSequence();
            payload.putLong(0, clientSequence);
            key.putInt(0, i % 101);
            assertTrue(client.sendRecord(STREAM, i, key, 0, 4, payload, 0, payloadLength, producer) >= 0);
            client.poll(producer, 64);
            sent.set(i + 1);
            if (pauseEvery > 0 && i % pauseEvery == pauseEvery - 1)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        TestNodes.await(() -> producer.answers() - answersBefore >= count, 60_000, () -> client.poll(producer, 256),
            count + " acks");
        producer.assertNoRejects();
    }
}
