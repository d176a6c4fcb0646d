package io.streamflow.cluster;

import io.streamflow.client.EgressListener;
import io.streamflow.client.GroupCommand;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.engine.ConsumerGroupsReader;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.GroupAssignmentDecoder;
import io.streamflow.sbe.GroupStatusCode;
import io.streamflow.sbe.GroupStatusDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sequencer.TestNodes;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumer groups in a cluster: group commands are replicated with everything else, so when the leader stops, the
 * new leader answers a member that joins again with the offsets its group committed before, and every survivor's
 * journal rebuilds the same group.
 */
class ClusterConsumerGroupTest
{
    private static final long CLIENT_ID = 31;
    private static final int STREAM = 1;

    @RegisterExtension
    final TestCluster cluster = new TestCluster(3);

    /** The group answers the client was sent: assignments as generation and committed offset of partition 0. */
    static final class Answers implements EgressListener
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final GroupAssignmentDecoder assignment = new GroupAssignmentDecoder();
        private final GroupStatusDecoder status = new GroupStatusDecoder();
        final List<long[]> assignments = new ArrayList<>();
        final List<GroupStatusCode> statuses = new ArrayList<>();

        public void onAck(
            final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
        {
        }

        public void onReject(
            final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
        {
            throw new AssertionError("rejected: " + reason + " " + detail);
        }

        public void onMessage(final int templateId, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            if (GroupAssignmentDecoder.TEMPLATE_ID == templateId)
            {
                assignment.wrap(buffer, body, header.blockLength(), header.version());
                final GroupAssignmentDecoder.PartitionsDecoder partitions = assignment.partitions();
                final long committed = partitions.hasNext() ? partitions.next().committedOffset() : -2;
                assignments.add(new long[]{ assignment.generation(), committed });
            }
            else if (GroupStatusDecoder.TEMPLATE_ID == templateId)
            {
                status.wrap(buffer, body, header.blockLength(), header.version());
                statuses.add(status.status());
            }
        }
    }

    @Test
    void committedOffsetsSurviveTheLeaderAndReplicateToEveryMember()
    {
        cluster.start();
        cluster.expectClusterWarnings("leader heartbeat timeout", "log recording stopped");
        final int oldLeader = cluster.awaitLeader(30_000).context().memberId();
        final GroupCommand group = new GroupCommand("billing");
        final Answers answers = new Answers();
        try (StreamFlowClient client = cluster.client(CLIENT_ID))
        {
            assertTrue(client.sendCommand(group.join(STREAM, 600_000), answers) >= 0);
            TestNodes.await(() -> 1 == answers.assignments.size(), 30_000, () -> client.poll(answers, 16),
                "the first assignment");
            assertEquals(List.of(1L, -1L), List.of(answers.assignments.get(0)[0], answers.assignments.get(0)[1]),
                "generation 1, nothing committed");
            assertTrue(client.sendCommand(group.commit(1, 0, 42), answers) >= 0);
            TestNodes.await(() -> answers.statuses.contains(GroupStatusCode.COMMITTED), 30_000,
                () -> client.poll(answers, 16), "the commit");

            cluster.stop(oldLeader);
            final int newLeader = cluster.awaitLeader(30_000).context().memberId();
            assertTrue(newLeader != oldLeader);
            TestNodes.await(() -> client.sendCommand(group.join(STREAM, 600_000), answers) >= 0, 30_000,
                () -> client.poll(answers, 16), "the join to the new leader sent");
            TestNodes.await(() -> answers.assignments.size() >= 2, 30_000, () -> client.poll(answers, 16),
                "the new leader's answer to the join");
            final long[] again = answers.assignments.get(answers.assignments.size() - 1);
            assertEquals(List.of(1L, 42L), List.of(again[0], again[1]),
                "the same member of the same generation, with the offset committed under the old leader");
        }

        final int[] survivors = new int[2];
        for (int id = 0, i = 0; id < cluster.size(); id++)
        {
            if (id != oldLeader)
            {
                survivors[i++] = id;
            }
        }
        cluster.close();
        final StreamCatalog catalog = StreamCatalog.parse(ProtocolDefaults.STREAMS);
        for (final int survivor : survivors)
        {
            final ConsumerGroupsReader.Groups groups = ConsumerGroupsReader.read(cluster.memberDir(survivor), catalog,
                System.getLogger(ClusterConsumerGroupTest.class.getName()));
            assertEquals(1, groups.groups().size(), "member " + survivor);
            final ConsumerGroupsReader.Group billing = groups.groups().get(0);
            assertEquals("billing", billing.name());
            assertEquals(42, billing.partitions().get(0).committedOffset(), "member " + survivor + "'s journal");
            assertEquals(CLIENT_ID, billing.members().get(0).clientId());
        }
    }
}
