package io.streamflow.cluster;

import io.streamflow.client.EgressListener;
import io.streamflow.client.FollowListener;
import io.streamflow.client.FollowedRecord;
import io.streamflow.client.GroupConsumer;
import io.streamflow.client.LogFollower;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.StreamsListing;
import io.streamflow.engine.ConsumerGroupsReader;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sequencer.TestNodes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer follows a cluster's log from a member's log server (a follower's, here): the history from the member's
 * journal, then live, and on across a leader change, every record the cluster acknowledged once, in engine sequence
 * order, with the partition and offset its ack gave; and the member lists the streams as its journal has them.
 */
class ClusterLogFollowTest
{
    private static final int STREAM = 1;

    @RegisterExtension
    final TestCluster cluster = new TestCluster(3).withLogServers();

    /** A record as placed by its ack or as followed. */
    record Placed(long engineSequence, int partition, long offset)
    {
    }

    @Test
    void aMembersLogIsFollowedAcrossALeaderChange()
    {
        cluster.start();
        cluster.expectClusterWarnings("leader heartbeat timeout", "log recording stopped");
        final int leader = cluster.awaitLeader(30_000).context().memberId();
        final int member = (leader + 1) % cluster.size();
        final List<Placed> acked = new ArrayList<>();
        final EgressListener acks = new EgressListener()
        {
            public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
                final boolean duplicate)
            {
            }

            public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
                final boolean duplicate, final int partition, final long partitionOffset)
            {
                if (!duplicate)
                {
                    acked.add(new Placed(engineSequence, partition, partitionOffset));
                }
            }

            public void onReject(final long clientSequence, final RejectReason reason, final int rejectedTemplateId,
                final String detail)
            {
                throw new AssertionError("rejected: " + reason + " " + detail);
            }
        };
        final List<Placed> followed = new ArrayList<>();
        final int[] lives = { 0 };
        final FollowListener follow = new FollowListener()
        {
            public void onRecord(final FollowedRecord record)
            {
                followed.add(new Placed(record.engineSequence(), record.partition(), record.partitionOffset()));
            }

            public void onLive(final long correlationId, final long engineSequence)
            {
                lives[0]++;
            }
        };
        try (StreamFlowClient producer = cluster.client(41);
            StreamFlowClient consumer = cluster.client(42, cluster.logServerEndpoint(member)))
        {
            produce(producer, acks, acked, 200);
            try (LogFollower follower = consumer.follow(STREAM, LogFollower.EVERY_PARTITION, FollowFrom.EARLIEST, 0))
            {
                TestNodes.await(() -> followed.size() >= 200 && lives[0] >= 1, 30_000,
                    () -> follower.poll(follow, 256), "the history from member " + member + "'s log server");

                cluster.stop(leader);
                cluster.awaitLeader(30_000);
                produce(producer, acks, acked, 100);
                TestNodes.await(() -> followed.size() >= acked.size(), 30_000, () -> follower.poll(follow, 256),
                    "the records acknowledged after the leader changed");
                assertEquals(acked, followed, "every acknowledged record once, in order, as its ack placed it");
            }

            final StreamsListing listing = consumer.listStreams(TimeUnit.SECONDS.toNanos(10));
            assertTrue(listing.partitions().stream().anyMatch((p) -> STREAM == p.streamId() &&
                p.endOffset() == acked.size()), listing.toString());
        }
        assertTrue(cluster.node(member).service().logServerCounters().followsOpened() >= 1);
    }

    @Test
    void aGroupMemberConsumesThroughAMembersLogServerAndItsCommitsReplicate()
    {
        cluster.start();
        final int leader = cluster.awaitLeader(30_000).context().memberId();
        final int member = (leader + 2) % cluster.size();
        final List<Placed> acked = new ArrayList<>();
        final EgressListener acks = new EgressListener()
        {
            public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
                final boolean duplicate)
            {
            }

            public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
                final boolean duplicate, final int partition, final long partitionOffset)
            {
                acked.add(new Placed(engineSequence, partition, partitionOffset));
            }

            public void onReject(final long clientSequence, final RejectReason reason, final int rejectedTemplateId,
                final String detail)
            {
                throw new AssertionError("rejected: " + reason + " " + detail);
            }
        };
        final List<Placed> consumed = new ArrayList<>();
        try (StreamFlowClient producer = cluster.client(51);
            StreamFlowClient memberClient = cluster.client(52, cluster.logServerEndpoint(member)))
        {
            produce(producer, acks, acked, 150);
            final GroupConsumer consumer = new GroupConsumer(memberClient, new GroupConsumer.Context().group("audit")
                .streamId(STREAM).resetFrom(FollowFrom.EARLIEST),
                (record) -> consumed.add(new Placed(record.engineSequence(), record.partition(),
                record.partitionOffset())));
            try
            {
                TestNodes.await(() -> consumed.size() >= acked.size(), 30_000, () -> consumer.poll(64),
                    "the group member to read every record");
            }
            finally
            {
                consumer.close();
            }
            assertEquals(acked, consumed);
        }
        // Every member's journal rebuilds the group with the commit of every record read (a follower may be a
        // moment behind the leader).
        final StreamCatalog catalog = StreamCatalog.parse(ProtocolDefaults.STREAMS);
        for (int id = 0; id < cluster.size(); id++)
        {
            final File memberDir = cluster.memberDir(id);
            TestNodes.await(() -> committedOffset(memberDir, catalog) == acked.size(), 30_000, () -> { },
                "member " + id + "'s journal to hold the group's commit");
        }
    }

    private static long committedOffset(final File memberDir, final StreamCatalog catalog)
    {
        final ConsumerGroupsReader.Groups groups = ConsumerGroupsReader.read(memberDir, catalog,
            System.getLogger(ClusterLogFollowTest.class.getName()));
        return groups.groups().isEmpty() ? -1 : groups.groups().get(0).partitions().get(0).committedOffset();
    }

    private static void produce(
        final StreamFlowClient client, final EgressListener acks, final List<Placed> acked, final int count)
    {
        final int before = acked.size();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
        for (int i = 0; i < count; i++)
        {
            final long sequence = client.nextClientSequence();
            payload.putLong(0, sequence);
            TestNodes.await(() -> client.sendRecord(STREAM, sequence, null, 0, 0, payload, 0, 16, acks) >= 0, 30_000,
                () -> client.poll(acks, 16), "record " + sequence + " sent");
            client.poll(acks, 16);
        }
        TestNodes.await(() -> acked.size() - before >= count, 30_000, () -> client.poll(acks, 64), count + " acks");
    }
}
