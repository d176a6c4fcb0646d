package io.streamflow.engine;

import io.streamflow.client.GroupCommand;
import io.streamflow.client.CommandWriter;
import io.streamflow.operators.AcknowledgingRouter;
import io.streamflow.operators.CollectingEgress;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.GroupAssignmentDecoder;
import io.streamflow.sbe.GroupStatusCode;
import io.streamflow.sbe.GroupStatusDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer group coordinator as Kafka's group semantics describe it: range assignment over members in id order,
 * a new generation at every join, leave and expiry with every member told, commits fenced by member, generation and
 * assignment, time taken from the commands only, and a state that snapshots and restores whole.
 */
class GroupCoordinatorTest
{
    private static final int STREAM = 3;
    private static final long SECOND = 1_000_000_000L;
    private static final StreamCatalog CATALOG = StreamCatalog.parse("events=3:5,other=4:2");

    private final ExpandableArrayBuffer command = new ExpandableArrayBuffer();
    private final GroupCommand group = new GroupCommand("billing");
    private GroupCoordinator coordinator;
    private CollectingEgress egress;
    private long engineSequence;

    /** One GroupAssignment as sent. */
    record Assignment(long clientId, int generation, int memberCount, List<Integer> partitions, List<Long> committed)
    {
    }

    /** One GroupStatus as sent. */
    record Status(long clientId, long clientSequence, GroupStatusCode code, int generation)
    {
    }

    @BeforeEach
    void setUp()
    {
        coordinator = new GroupCoordinator(new AcknowledgingRouter(), CATALOG);
    }

    @Test
    void theFirstMemberGetsEveryPartitionAndASecondJoinSplitsThemByRange()
    {
        send(20, 0, group.join(STREAM, 10_000));
        assertEquals(List.of(new Assignment(20, 1, 1, List.of(0, 1, 2, 3, 4), List.of(-1L, -1L, -1L, -1L, -1L))),
            assignments());

        send(10, SECOND, group.join(STREAM, 10_000));
        // Range: 5 partitions over members 10 and 20 in id order, the first member one more.
        assertEquals(List.of(
            new Assignment(10, 2, 2, List.of(0, 1, 2), List.of(-1L, -1L, -1L)),
            new Assignment(20, 2, 2, List.of(3, 4), List.of(-1L, -1L))), assignments());

        send(30, 2 * SECOND, group.join(STREAM, 10_000));
        assertEquals(List.of(
            new Assignment(10, 3, 3, List.of(0, 1), List.of(-1L, -1L)),
            new Assignment(20, 3, 3, List.of(2, 3), List.of(-1L, -1L)),
            new Assignment(30, 3, 3, List.of(4), List.of(-1L))), assignments());
    }

    @Test
    void everyGroupCommandIsAcknowledged()
    {
        send(20, 0, group.join(STREAM, 10_000));
        final List<Long> acked = new ArrayList<>();
        final AckDecoder ack = new AckDecoder();
        forEach(AckDecoder.TEMPLATE_ID, (offset) ->
        {
            ack.wrapAndApplyHeader(egress.buffer, offset, new MessageHeaderDecoder());
            acked.add(ack.clientSequence());
            assertEquals(engineSequence - 1, ack.engineSequence());
        });
        assertEquals(List.of(0L), acked);
    }

    @Test
    void aCommitIsFencedByMemberGenerationAndAssignment()
    {
        send(20, 0, group.join(STREAM, 10_000));
        send(10, SECOND, group.join(STREAM, 10_000));

        send(20, SECOND, group.commit(1, 3, 7));
        assertEquals(GroupStatusCode.ILLEGAL_GENERATION, statuses().get(0).code());
        send(20, SECOND, group.commit(2, 0, 7));
        assertEquals(GroupStatusCode.NOT_ASSIGNED, statuses().get(0).code());
        send(30, SECOND, group.commit(2, 3, 7));
        assertEquals(GroupStatusCode.UNKNOWN_MEMBER_ID, statuses().get(0).code());
        send(20, SECOND, group.commit(2, 3, -2));
        assertEquals(GroupStatusCode.INVALID_OFFSET, statuses().get(0).code());
        send(20, SECOND, group.commit(2, 3, 7));
        assertEquals(List.of(new Status(20, clientSequenceOf(20), GroupStatusCode.COMMITTED, 2)), statuses());

        // The committed offset is handed with the partition at the next rebalance.
        send(10, 2 * SECOND, group.leave());
        assertEquals(GroupStatusCode.LEFT, statuses().get(0).code());
        assertEquals(List.of(new Assignment(20, 3, 1, List.of(0, 1, 2, 3, 4), List.of(-1L, -1L, -1L, 7L, -1L))),
            assignments());
    }

    @Test
    void aSilentMemberIsExpiredAtTheFirstCommandAfterItsTimeoutAndItsPartitionsMove()
    {
        send(10, 0, group.join(STREAM, 1_000));
        send(20, 0, group.join(STREAM, 5_000));
        send(20, SECOND / 2, group.heartbeat(2));
        assertEquals(List.of(), assignments(), "a heartbeat in the current generation is only acknowledged");

        // A record, not a group command, at 1.5 s: member 10's deadline (1 s) has passed.
        send(7, SECOND + SECOND / 2, record(STREAM));
        assertEquals(List.of(new Status(10, -1, GroupStatusCode.EXPIRED, 2)), statuses());
        assertEquals(List.of(new Assignment(20, 3, 1, List.of(0, 1, 2, 3, 4), List.of(-1L, -1L, -1L, -1L, -1L))),
            assignments());
        assertTrue(egress.destinations(false).contains(7L), "the record went on to the operator, which acked it");

        send(10, 2 * SECOND, group.heartbeat(2));
        assertEquals(GroupStatusCode.UNKNOWN_MEMBER_ID, statuses().get(0).code(), "the expired member is fenced");
    }

    @Test
    void aHeartbeatOfAnOlderGenerationIsAnsweredWithTheCurrentAssignment()
    {
        send(10, 0, group.join(STREAM, 10_000));
        send(20, 0, group.join(STREAM, 10_000));
        send(10, SECOND, group.heartbeat(1));
        assertEquals(List.of(new Assignment(10, 2, 2, List.of(0, 1, 2), List.of(-1L, -1L, -1L))), assignments());
    }

    @Test
    void aJoinAgainIsAnsweredWithoutARebalance()
    {
        send(10, 0, group.join(STREAM, 10_000));
        send(20, 0, group.join(STREAM, 10_000));
        send(10, SECOND, group.join(STREAM, 10_000));
        assertEquals(List.of(new Assignment(10, 2, 2, List.of(0, 1, 2), List.of(-1L, -1L, -1L))), assignments());
    }

    @Test
    void aJoinForAStreamTheNodeDoesNotHaveOrThatDiffersFromTheGroupsIsRefused()
    {
        send(10, 0, group.join(99, 10_000));
        assertEquals(GroupStatusCode.UNKNOWN_STREAM, statuses().get(0).code());
        send(10, 0, group.join(STREAM, 10_000));
        send(20, 0, group.join(4, 10_000));
        assertEquals(GroupStatusCode.STREAM_MISMATCH, statuses().get(0).code());
    }

    @Test
    void theLowestCommittedOffsetOfEachPartitionOverTheGroupsIsPublishedForRetention()
    {
        final CommittedOffsets lowest = coordinator.committedOffsets();
        assertEquals(Long.MAX_VALUE, lowest.lowestOf(STREAM, 3), "nothing committed holds nothing");
        assertNull(lowest.holdOf(STREAM, 3, 1_000));

        final GroupCommand audit = new GroupCommand("audit");
        send(10, 0, group.join(STREAM, 10_000));
        send(20, 0, audit.join(STREAM, 10_000));
        send(10, 0, group.commit(1, 3, 50));
        send(20, 0, audit.commit(1, 3, 20));
        send(20, 0, audit.commit(1, 1, 5));
        send(20, 0, audit.commit(1, 0, -1));
        assertEquals(20, lowest.lowestOf(STREAM, 3), "the lowest over the groups");
        assertEquals(5, lowest.lowestOf(STREAM, 1));
        assertEquals(Long.MAX_VALUE, lowest.lowestOf(STREAM, 0), "a refused commit publishes nothing");
        assertEquals(Long.MAX_VALUE, lowest.lowestOf(4, 0), "another stream's partition");
        assertNull(lowest.holdOf(STREAM, 3, 19), "a cycle with offsets up to 19 is read by every group");
        assertEquals("consumer group 'audit' has committed offset 20 of stream events partition 3 and not read " +
            "past it", lowest.holdOf(STREAM, 3, 20));

        send(20, 0, audit.commit(1, 3, 80));
        assertEquals(50, lowest.lowestOf(STREAM, 3), "audit moved on: billing's is the lowest now");
        assertEquals("consumer group 'billing' has committed offset 50 of stream events partition 3 and not read " +
            "past it", lowest.holdOf(STREAM, 3, 60));

        final ExpandableArrayBuffer state = new ExpandableArrayBuffer();
        final int length = coordinator.snapshot(state, 0);
        final GroupCoordinator restored = new GroupCoordinator(new AcknowledgingRouter(), CATALOG);
        restored.restore(state, 0, length);
        assertEquals(50, restored.committedOffsets().lowestOf(STREAM, 3), "published again on restore");
        assertEquals(5, restored.committedOffsets().lowestOf(STREAM, 1));
    }

    @Test
    void anEmptyGroupIsRemovedWithItsOffsetsOnceEmptyForTheOffsetsRetentionAcrossARestore()
    {
        coordinator = new GroupCoordinator(new AcknowledgingRouter(), new PartitionOffsets(CATALOG), 10 * SECOND);
        send(10, 0, group.join(STREAM, 1_000));
        send(10, 0, group.commit(1, 2, 30));
        // The member goes silent: expired at the first command after its session timeout, at 2 s; empty since then.
        send(99, 2 * SECOND, record(STREAM));
        assertEquals(0, coordinator.groups()[0].memberCount());
        assertEquals(30, coordinator.committedOffsets().lowestOf(STREAM, 2), "an empty group's offsets still hold");

        final ExpandableArrayBuffer state = new ExpandableArrayBuffer();
        final int length = coordinator.snapshot(state, 0);
        coordinator = new GroupCoordinator(new AcknowledgingRouter(), new PartitionOffsets(CATALOG), 10 * SECOND);
        coordinator.restore(state, 0, length);

        send(99, 12 * SECOND - 1, record(STREAM));
        assertEquals(1, coordinator.groups().length, "kept until empty for 10 s");
        send(99, 12 * SECOND, record(STREAM));
        assertEquals(0, coordinator.groups().length, "removed at the first command once empty for 10 s");
        assertEquals(Long.MAX_VALUE, coordinator.committedOffsets().lowestOf(STREAM, 2), "its offsets hold no more");

        send(10, 13 * SECOND, group.join(STREAM, 10_000));
        assertEquals(List.of(new Assignment(10, 1, 1, List.of(0, 1, 2, 3, 4), List.of(-1L, -1L, -1L, -1L, -1L))),
            assignments(), "a join starts the group afresh");
    }

    @Test
    void anEmptyGroupFromAStateThatDidNotSaySinceWhenIsEmptyFromTheFirstCommandAfterTheRestore()
    {
        coordinator = new GroupCoordinator(new AcknowledgingRouter(), new PartitionOffsets(CATALOG), 10 * SECOND);
        send(10, 0, group.join(STREAM, 60_000));
        send(10, SECOND, group.leave());
        // As a state of version 3 has it: no time written (null), which is how a group with members has it.
        coordinator.groups()[0].emptySinceNs(ConsumerGroup.NOT_EMPTY);
        final ExpandableArrayBuffer state = new ExpandableArrayBuffer();
        final int length = coordinator.snapshot(state, 0);
        coordinator = new GroupCoordinator(new AcknowledgingRouter(), new PartitionOffsets(CATALOG), 10 * SECOND);
        coordinator.restore(state, 0, length);

        send(99, 100 * SECOND, record(STREAM));
        assertEquals(100 * SECOND, coordinator.groups()[0].emptySinceNs());
        send(99, 110 * SECOND - 1, record(STREAM));
        assertEquals(1, coordinator.groups().length);
        send(99, 110 * SECOND, record(STREAM));
        assertEquals(0, coordinator.groups().length);
    }

    @Test
    void aMemberThatJoinsBeforeTheOffsetsRetentionFindsTheOffsetsAndTheGroupStays()
    {
        coordinator = new GroupCoordinator(new AcknowledgingRouter(), new PartitionOffsets(CATALOG), 10 * SECOND);
        send(10, 0, group.join(STREAM, 60_000));
        send(10, 0, group.commit(1, 2, 30));
        send(10, SECOND, group.leave());
        send(20, 11 * SECOND - 1, group.join(STREAM, 60_000));
        assertEquals(List.of(new Assignment(20, 3, 1, List.of(0, 1, 2, 3, 4), List.of(-1L, -1L, 30L, -1L, -1L))),
            assignments());
        send(99, 40 * SECOND, record(STREAM));
        assertEquals(1, coordinator.groups().length, "a group with a member is never removed");

        final GroupCoordinator forever =
            new GroupCoordinator(new AcknowledgingRouter(), new PartitionOffsets(CATALOG), 0);
        coordinator = forever;
        send(10, 0, group.join(STREAM, 60_000));
        send(10, SECOND, group.leave());
        send(99, Long.MAX_VALUE / 2, record(STREAM));
        assertEquals(1, coordinator.groups().length, "retention 0 keeps an empty group for ever");
        assertThrows(IllegalArgumentException.class,
            () -> new GroupCoordinator(new AcknowledgingRouter(), new PartitionOffsets(CATALOG), -1));
    }

    @Test
    void onlyAnEmptyGroupIsDeletedAndItsOffsetsGoWithIt()
    {
        send(50, 0, group.delete());
        assertEquals(List.of(new Status(50, clientSequenceOf(50), GroupStatusCode.GROUP_ID_NOT_FOUND, 0)), statuses());

        send(10, 0, group.join(STREAM, 60_000));
        send(10, 0, group.commit(1, 2, 30));
        send(50, SECOND, group.delete());
        assertEquals(List.of(new Status(50, clientSequenceOf(50), GroupStatusCode.NON_EMPTY_GROUP, 1)), statuses(),
            "a group with a member is not deleted");
        assertEquals(1, coordinator.groups().length);

        send(10, SECOND, group.leave());
        send(50, 2 * SECOND, group.delete());
        assertEquals(List.of(new Status(50, clientSequenceOf(50), GroupStatusCode.DELETED, 0)), statuses());
        assertEquals(0, coordinator.groups().length);
        assertEquals(Long.MAX_VALUE, coordinator.committedOffsets().lowestOf(STREAM, 2), "its offsets hold no more");

        send(10, 3 * SECOND, group.join(STREAM, 60_000));
        assertEquals(List.of(new Assignment(10, 1, 1, List.of(0, 1, 2, 3, 4), List.of(-1L, -1L, -1L, -1L, -1L))),
            assignments(), "a join starts the group afresh");
    }

    @Test
    void theStateSnapshotsAndRestoresWholeAndGoesOnTheSame()
    {
        final ExpandableArrayBuffer empty = new ExpandableArrayBuffer();
        assertEquals(0, coordinator.snapshot(empty, 0), "no group: the operator's state alone, as before groups");
        assertEquals(new AcknowledgingRouter().stateHash(), coordinator.stateHash());

        send(10, 0, group.join(STREAM, 10_000));
        send(20, 0, new GroupCommand("audit").join(4, 3_000));
        send(20, 0, group.join(STREAM, 10_000));
        send(20, SECOND, group.commit(2, 4, 42));
        final ExpandableArrayBuffer state = new ExpandableArrayBuffer();
        final int length = coordinator.snapshot(state, 0);
        final long hash = coordinator.stateHash();
        assertNotEquals(new AcknowledgingRouter().stateHash(), hash);

        final GroupCoordinator restored = new GroupCoordinator(new AcknowledgingRouter(), CATALOG);
        restored.restore(state, 0, length);
        assertEquals(hash, restored.stateHash());
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer();
        assertEquals(length, restored.snapshot(again, 0));
        assertEquals(0, compare(state, again, length), "a restored state snapshots to the same bytes");

        coordinator = restored;
        send(10, 2 * SECOND, group.leave());
        assertEquals(List.of(new Assignment(20, 3, 1, List.of(0, 1, 2, 3, 4), List.of(-1L, -1L, -1L, -1L, 42L))),
            assignments());
        send(20, 5 * SECOND, group.heartbeat(1));
        assertEquals(List.of(new Status(20, -1, GroupStatusCode.EXPIRED, 1)), statuses(),
            "the restored member of 'audit' keeps its deadline (3 s)");
        assertEquals(List.of(new Assignment(20, 3, 1, List.of(0, 1, 2, 3, 4), List.of(-1L, -1L, -1L, -1L, 42L))),
            assignments(), "billing's member, on an old generation, is sent the current one");
    }

    private static int compare(final ExpandableArrayBuffer a, final ExpandableArrayBuffer b, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(i) != b.getByte(i))
            {
                return i + 1;
            }
        }
        return 0;
    }

    private final Map<Long, Long> sequences = new HashMap<>();

    private static CommandWriter record(final int streamId)
    {
        return new CommandWriter()
        {
            public int length()
            {
                return MessageHeaderEncoder.ENCODED_LENGTH + RecordEncoder.BLOCK_LENGTH +
                    2 * RecordEncoder.keyHeaderLength();
            }

            public void write(
                final MutableDirectBuffer buffer, final int offset, final long clientId, final long clientSequence)
            {
                new RecordEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
                    .clientId(clientId).clientSequence(clientSequence).streamId(streamId).partition(0)
                    .putKey(new byte[0], 0, 0).putPayload(new byte[0], 0, 0);
            }
        };
    }

    private long clientSequenceOf(final long clientId)
    {
        return sequences.get(clientId) - 1;
    }

    private void send(final long clientId, final long timestampNs, final CommandWriter writer)
    {
        final long clientSequence = sequences.merge(clientId, 1L, Long::sum) - 1;
        writer.write(command, 0, clientId, clientSequence);
        egress = new CollectingEgress();
        coordinator.onCommand(engineSequence++, timestampNs, 0, 0, command, 0, writer.length(), egress);
    }

    private void forEach(final int templateId, final IntConsumer action)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (final CollectingEgress.Message message : egress.messages)
        {
            header.wrap(egress.buffer, message.offset());
            if (header.templateId() == templateId)
            {
                action.accept(message.offset());
            }
        }
    }

    private List<Assignment> assignments()
    {
        final List<Assignment> assignments = new ArrayList<>();
        final GroupAssignmentDecoder decoder = new GroupAssignmentDecoder();
        forEach(GroupAssignmentDecoder.TEMPLATE_ID, (offset) ->
        {
            decoder.wrapAndApplyHeader(egress.buffer, offset, new MessageHeaderDecoder());
            final List<Integer> partitions = new ArrayList<>();
            final List<Long> committed = new ArrayList<>();
            final long clientId = decoder.clientId();
            final int generation = decoder.generation();
            final int members = decoder.memberCount();
            assertEquals(STREAM, decoder.streamId());
            for (final GroupAssignmentDecoder.PartitionsDecoder partition : decoder.partitions())
            {
                partitions.add(partition.partition());
                committed.add(partition.committedOffset());
            }
            assertEquals("billing", decoder.group());
            assignments.add(new Assignment(clientId, generation, members, partitions, committed));
        });
        return assignments;
    }

    private List<Status> statuses()
    {
        final List<Status> statuses = new ArrayList<>();
        final GroupStatusDecoder decoder = new GroupStatusDecoder();
        forEach(GroupStatusDecoder.TEMPLATE_ID, (offset) ->
        {
            decoder.wrapAndApplyHeader(egress.buffer, offset, new MessageHeaderDecoder());
            statuses.add(new Status(decoder.clientId(), decoder.clientSequence(), decoder.status(),
                decoder.generation()));
        });
        return statuses;
    }
}
