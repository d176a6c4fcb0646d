package io.streamflow.sequencer;

import io.streamflow.client.FollowedRecord;
import io.streamflow.client.GroupCommand;
import io.streamflow.client.GroupConsumer;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.ConsumerGroupsReader;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.GroupStatusCode;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumer groups on a running node: members share a stream's partitions and together read every record once;
 * a member that leaves hands its partitions over after its last commit; a member that dies is expired after its
 * session timeout and fenced, and its partitions go on from its last commit (at least once); committed offsets
 * survive a restart of the node, from its snapshot and from its journal alone.
 */
class ConsumerGroupNodeTest
{
    private static final int STREAM = 7;
    private static final String STREAMS = "events=7:4";
    private static final String GROUP = "billing";

    @TempDir
    File dir;

    /** What one member was told. */
    static final class Member implements GroupConsumer.Listener
    {
        final List<long[]> records = new ArrayList<>();
        final List<GroupStatusCode> fenced = new ArrayList<>();
        int generation = -1;
        int[] partitions = new int[0];

        public void onRecord(final FollowedRecord record)
        {
            records.add(new long[]{ record.partition(), record.partitionOffset() });
        }

        public void onAssigned(final int generation, final int[] partitions, final int memberCount)
        {
            this.generation = generation;
            this.partitions = partitions;
        }

        public void onFenced(final GroupStatusCode status)
        {
            fenced.add(status);
        }
    }

    @Test
    void membersShareThePartitionsAndALeaverHandsOverAfterItsLastCommit()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams(STREAMS));
            StreamFlowClient producer = TestNodes.ipcClient(node, 1);
            StreamFlowClient clientA = TestNodes.ipcClient(node, 2);
            StreamFlowClient clientB = TestNodes.ipcClient(node, 3))
        {
            final Member a = new Member();
            final Member b = new Member();
            final GroupConsumer memberA = new GroupConsumer(clientA, context(10_000), a);
            awaitGeneration(1, memberA, a);
            assertArrayEquals(new int[]{ 0, 1, 2, 3 }, a.partitions);
            final GroupConsumer memberB = new GroupConsumer(clientB, context(10_000), b);
            TestNodes.await(() -> 2 == a.generation && 2 == b.generation, 10_000, () -> poll(memberA, memberB),
                "generation 2 on both members");
            // Range assignor, members in client id order.
            assertArrayEquals(new int[]{ 0, 1 }, a.partitions);
            assertArrayEquals(new int[]{ 2, 3 }, b.partitions);

            final Map<Integer, Long> produced = produce(producer, 0, 400);
            TestNodes.await(() -> a.records.size() + b.records.size() == 400, 20_000, () -> poll(memberA, memberB),
                "every record by one member or the other");
            assertEquals(offsets(produced, 0, 1), offsetsOf(a.records), "A reads partitions 0 and 1, each once");
            assertEquals(offsets(produced, 2, 3), offsetsOf(b.records), "B reads partitions 2 and 3, each once");

            memberB.close();
            assertTrue(memberB.hasLeft(), "close waits for the node's answer to the leave");
            TestNodes.await(() -> 3 == a.generation, 10_000, () -> poll(memberA), "A's assignment after B left");
            assertArrayEquals(new int[]{ 0, 1, 2, 3 }, a.partitions);

            final int before = a.records.size();
            final Map<Integer, Long> more = produce(producer, 400, 100);
            TestNodes.await(() -> a.records.size() - before == 100, 20_000, () -> poll(memberA),
                "the records after B left, all by A");
            final Map<Integer, Long> all = new HashMap<>(produced);
            more.forEach((partition, count) -> all.merge(partition, count, Long::sum));
            final List<long[]> after = a.records.subList(before, a.records.size());
            for (final long[] record : after)
            {
                assertTrue(record[1] >= produced.getOrDefault((int)record[0], 0L),
                    "nothing B read and committed is read again: " + record[0] + "/" + record[1]);
            }
            memberA.close();
            assertTrue(memberA.hasLeft());
            assertTrue(node.counters().groupRebalances() >= 3);
            // A commit A sent in generation 2 that reached the node after B's leave is refused (as Kafka refuses a
            // commit of an old generation); A sends it again in generation 3: every record read ends committed.
            final ConsumerGroupsReader.Groups groups = ConsumerGroupsReader.read(dir, StreamCatalog.parse(STREAMS),
                System.getLogger(ConsumerGroupNodeTest.class.getName()));
            assertEquals(1, groups.groups().size());
            for (final ConsumerGroupsReader.Partition partition : groups.groups().get(0).partitions())
            {
                assertEquals(all.getOrDefault(partition.partition(), 0L), partition.committedOffset(),
                    "partition " + partition.partition() + ": committed up to the last record read; refused " +
                    node.counters().groupCommitsRefused());
            }
        }
    }

    @Test
    void aMemberThatDiesIsExpiredFencedAndItsPartitionsGoOnFromItsLastCommit()
    {
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams(STREAMS));
            StreamFlowClient producer = TestNodes.ipcClient(node, 1);
            StreamFlowClient clientA = TestNodes.ipcClient(node, 2);
            StreamFlowClient clientB = TestNodes.ipcClient(node, 3))
        {
            final Member a = new Member();
            final Member b = new Member();
            final int never = 3_600_000;
            final GroupConsumer memberA = new GroupConsumer(clientA, context(10_000).autoCommitIntervalMs(never), a);
            awaitGeneration(1, memberA, a);
            final GroupConsumer memberB = new GroupConsumer(clientB, context(1_000).autoCommitIntervalMs(never), b);
            TestNodes.await(() -> 2 == a.generation && 2 == b.generation, 10_000, () -> poll(memberA, memberB),
                "generation 2 on both members");

            final Map<Integer, Long> committed = produce(producer, 0, 200);
            TestNodes.await(() -> a.records.size() + b.records.size() == 200, 20_000, () -> poll(memberA, memberB),
                "every record read once");
            final long commitsBefore = node.counters().groupCommits();
            final int commitsSent = memberB.commit();
            TestNodes.await(() -> node.counters().groupCommits() == commitsBefore + commitsSent, 10_000,
                () -> poll(memberA, memberB), "B's commits applied");

            // B reads more, then dies before it commits them.
            final Map<Integer, Long> more = produce(producer, 200, 100);
            final long bShare = more.getOrDefault(2, 0L) + more.getOrDefault(3, 0L);
            final int bRead = b.records.size();
            TestNodes.await(() -> b.records.size() - bRead == bShare, 20_000, () -> poll(memberA, memberB),
                "B's share of the next records");
            memberB.abandon();

            // A's heartbeats carry the time past B's session timeout: B is expired and A gets everything.
            TestNodes.await(() -> 3 == a.generation, 10_000, () -> poll(memberA), "B expired");
            assertArrayEquals(new int[]{ 0, 1, 2, 3 }, a.partitions);
            assertEquals(1, node.counters().groupMembersExpired());

            // At least once: A reads again, from B's last commit, what B read after it; nothing is lost.
            TestNodes.await(() -> a.records.stream().filter((r) -> r[0] >= 2).count() == bShare, 20_000,
                () -> poll(memberA), "B's uncommitted records read again by A");
            final Map<Integer, Long> all = new HashMap<>(committed);
            more.forEach((partition, count) -> all.merge(partition, count, Long::sum));
            final TreeMap<Integer, List<Long>> fromB = new TreeMap<>();
            for (int partition = 2; partition < 4; partition++)
            {
                final List<Long> offsets = new ArrayList<>();
                for (long offset = committed.getOrDefault(partition, 0L); offset < all.getOrDefault(partition, 0L);
                    offset++)
                {
                    offsets.add(offset);
                }
                if (!offsets.isEmpty())
                {
                    fromB.put(partition, offsets);
                }
            }
            final TreeMap<Integer, List<Long>> readByA = offsetsOf(a.records);
            assertEquals(offsets(all, 0, 1), new TreeMap<>(readByA.headMap(2)), "A read its own partitions once");
            assertEquals(fromB, new TreeMap<>(readByA.tailMap(2)), "A read B's partitions from B's last commit on");

            // The dead member's commit, sent after it was expired, is fenced.
            final long refusedBefore = node.counters().groupCommitsRefused();
            clientB.sendCommand(new GroupCommand(GROUP).commit(2, 2, 1_000), null);
            TestNodes.await(() -> node.counters().groupCommitsRefused() == refusedBefore + 1, 10_000,
                () -> poll(memberA), "the fenced commit refused");
            memberA.close();
        }
    }

    @Test
    void committedOffsetsSurviveARestartFromTheSnapshotAndFromTheJournalAlone()
    {
        final Map<Integer, Long> produced;
        try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams(STREAMS));
            StreamFlowClient producer = TestNodes.ipcClient(node, 1);
            StreamFlowClient client = TestNodes.ipcClient(node, 2))
        {
            final Member member = new Member();
            final GroupConsumer consumer = new GroupConsumer(client, context(10_000), member);
            awaitGeneration(1, consumer, member);
            produced = produce(producer, 0, 120);
            TestNodes.await(() -> member.records.size() == 120, 20_000, () -> poll(consumer), "every record");
            consumer.close();
            // The leave comes after the close's commits: once it is applied, so are they.
            TestNodes.await(() -> node.counters().groupRebalances() == 2, 10_000, () -> client.poll(null, 16),
                "the leave");
        }

        // From the snapshot the node wrote as it closed, then from the journal with no snapshot.
        for (final boolean dropSnapshots : new boolean[]{ false, true })
        {
            if (dropSnapshots)
            {
                IoUtil.delete(new File(dir, "snapshots"), false);
            }
            try (StreamFlowNode node = StreamFlowNode.launch(TestNodes.context(dir).streams(STREAMS));
                StreamFlowClient client = TestNodes.ipcClient(node, 2))
            {
                final Member member = new Member();
                final GroupConsumer consumer = new GroupConsumer(client,
                    context(10_000).resetFrom(FollowFrom.EARLIEST), member);
                TestNodes.await(() -> member.generation > 0, 10_000, () -> poll(consumer), "an assignment");
                for (final Map.Entry<Integer, Long> partition : produced.entrySet())
                {
                    assertEquals(partition.getValue(), consumer.position(partition.getKey()),
                        "partition " + partition.getKey() + " resumes after its last commit" +
                        (dropSnapshots ? " (journal only)" : " (snapshot)"));
                }
                for (int i = 0; i < 200; i++)
                {
                    poll(consumer);
                }
                assertEquals(0, member.records.size(), "nothing committed is read again");
                consumer.close();
            }
        }
    }

    private static GroupConsumer.Context context(final int sessionTimeoutMs)
    {
        return new GroupConsumer.Context()
            .group(GROUP)
            .streamId(STREAM)
            .sessionTimeoutMs(sessionTimeoutMs)
            .heartbeatIntervalMs(100)
            .autoCommitIntervalMs(50)
            .resetFrom(FollowFrom.EARLIEST);
    }

    private static void awaitGeneration(final int generation, final GroupConsumer consumer, final Member member)
    {
        TestNodes.await(() -> member.generation == generation, 10_000, () -> poll(consumer),
            "generation " + generation);
    }

    private static void poll(final GroupConsumer... members)
    {
        for (final GroupConsumer member : members)
        {
            member.poll(16);
        }
    }

    /**
     * Send records with keys of their own, acknowledged.
     *
     * @return records per partition.
     */
    private static Map<Integer, Long> produce(final StreamFlowClient producer, final int from, final int count)
    {
        final Map<Integer, Long> perPartition = new TreeMap<>();
        final RecordingListener listener = new RecordingListener()
        {
            public void onAck(
                final long clientSequence,
                final long engineSequence,
                final long timestampNs,
                final boolean duplicate,
                final int partition,
                final long partitionOffset)
            {
                super.onAck(clientSequence, engineSequence, timestampNs, duplicate);
                perPartition.merge(partition, 1L, Long::sum);
            }
        };
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        for (int i = from; i < from + count; i++)
        {
            final byte[] key = ("key-" + i).getBytes(StandardCharsets.US_ASCII);
            payload.putLong(0, i);
            producer.sendRecord(STREAM, i, new UnsafeBuffer(key), 0, key.length, payload, 0, 8, listener);
        }
        TestNodes.await(() -> perPartition.values().stream().mapToLong(Long::longValue).sum() == count, 20_000,
            () -> producer.poll(listener, 64), count + " acks");
        return perPartition;
    }

    private static TreeMap<Integer, List<Long>> offsets(final Map<Integer, Long> produced, final int... partitions)
    {
        final TreeMap<Integer, List<Long>> offsets = new TreeMap<>();
        for (final int partition : partitions)
        {
            final List<Long> list = new ArrayList<>();
            for (long offset = 0; offset < produced.getOrDefault(partition, 0L); offset++)
            {
                list.add(offset);
            }
            offsets.put(partition, list);
        }
        return offsets;
    }

    private static TreeMap<Integer, List<Long>> offsetsOf(final List<long[]> records)
    {
        final TreeMap<Integer, List<Long>> offsets = new TreeMap<>();
        for (final long[] record : records)
        {
            offsets.computeIfAbsent((int)record[0], (k) -> new ArrayList<>()).add(record[1]);
        }
        return offsets;
    }
}
