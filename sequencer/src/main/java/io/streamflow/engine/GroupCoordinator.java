package io.streamflow.engine;

import io.streamflow.operators.AckWriter;
import io.streamflow.operators.EgressSink;
import io.streamflow.operators.Operator;
import io.streamflow.operators.StateHash;
import io.streamflow.protocol.IngressTemplate;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.CommitOffsetDecoder;
import io.streamflow.sbe.DeleteGroupDecoder;
import io.streamflow.sbe.GroupAssignmentEncoder;
import io.streamflow.sbe.GroupHeartbeatDecoder;
import io.streamflow.sbe.GroupStatusCode;
import io.streamflow.sbe.GroupStatusEncoder;
import io.streamflow.sbe.JoinGroupDecoder;
import io.streamflow.sbe.LeaveGroupDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;

/**
 * The engine's consumer group coordinator (docs/log.md), in front of the operator: it applies the group commands
 * (JoinGroup, GroupHeartbeat, LeaveGroup, CommitOffset, DeleteGroup) itself and passes every other command on. Its
 * state is part of the engine's: journaled as commands, snapshotted ahead of the operator's state, rebuilt by replay.
 * An empty group is deleted by a DeleteGroup from any client the node admits (Kafka's DeleteGroups; a group with
 * members is refused {@code NON_EMPTY_GROUP}, an unknown one {@code GROUP_ID_NOT_FOUND}).
 * <ul>
 *   <li>A member is a client id; it joins a group of one stream with a session timeout. Each join of a new member,
 *   each leave and each expiry is a rebalance: the generation rises and every member is sent its
 *   {@code GroupAssignment} (range assignor, see {@link ConsumerGroup}) with the group's committed offsets.</li>
 *   <li>Time is the journal's: a member whose last group command is older than its session timeout at the timestamp
 *   of any later command is removed (and told {@code EXPIRED}), so replay expires the same members at the same
 *   command.</li>
 *   <li>An empty group (its last member left or expired) is removed with its committed offsets once it has been
 *   empty for the offsets retention (Kafka's {@code offsets.retention.minutes}, 7 days by default), at the first
 *   command at or after that time; a member that joins before then finds the offsets.</li>
 *   <li>Fencing: a commit is applied only from a member, in the current generation, for a partition assigned to it;
 *   else it is refused ({@code UNKNOWN_MEMBER_ID}, {@code ILLEGAL_GENERATION}, {@code NOT_ASSIGNED}) and counted. A
 *   committed offset is Kafka's: the next offset the group is to read.</li>
 * </ul>
 * Every group command is acknowledged like any other, then answered. Nothing on the path of the other commands
 * allocates: one comparison of the command's time with the next deadline, then the operator.
 * <p>
 * Snapshot layout: when no group exists, the operator's state alone (so that a state from before groups restores
 * unchanged); else {@code ConsumerGroups}, its groups in name order, then the operator's state.
 * <p>
 * Not thread safe: runs on the operator thread (and in recovery, before it starts).
 */
final class GroupCoordinator implements Operator
{
    /** Most groups the node keeps. */
    static final int MAX_GROUPS = 1024;
    /** Most members of one group. */
    static final int MAX_MEMBERS = 1024;

    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int NAME_HEADER_LENGTH = 4;
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Operator operator;
    private final PartitionOffsets streams;
    private final long offsetsRetentionNs;
    private final GroupsSnapshotCodec snapshotCodec = new GroupsSnapshotCodec();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final JoinGroupDecoder join = new JoinGroupDecoder();
    private final GroupHeartbeatDecoder heartbeat = new GroupHeartbeatDecoder();
    private final LeaveGroupDecoder leave = new LeaveGroupDecoder();
    private final CommitOffsetDecoder commit = new CommitOffsetDecoder();
    private final MessageHeaderEncoder replyHeader = new MessageHeaderEncoder();
    private final GroupAssignmentEncoder assignment = new GroupAssignmentEncoder();
    private final GroupStatusEncoder status = new GroupStatusEncoder();
    private final AckWriter ack = new AckWriter();
    private final CommittedOffsets committedOffsets;
    private ConsumerGroup[] groups = new ConsumerGroup[0];
    private long nextDeadlineNs = NO_DEADLINE;
    private NodeCounters counters;
    private long engineSequence;
    private long timestampNs;

    /**
     * @param operator applied to every command that is not a group command.
     * @param catalog  the node's streams: a group consumes one of them.
     */
    GroupCoordinator(final Operator operator, final StreamCatalog catalog)
    {
        this(operator, new PartitionOffsets(catalog), EngineConfiguration.GROUP_OFFSETS_RETENTION_DEFAULT_NS);
    }

    /**
     * @param operator           applied to every command that is not a group command.
     * @param streams            the node's streams as of the command applied (the copy the same thread moves on
     *                           before each command it gives the coordinator): a group consumes one of them.
     * @param offsetsRetentionNs how long a group is kept, with its committed offsets, once its last member has left
     *                           or expired (Kafka's {@code offsets.retention.minutes}); 0 keeps it for ever.
     */
    GroupCoordinator(final Operator operator, final PartitionOffsets streams, final long offsetsRetentionNs)
    {
        if (offsetsRetentionNs < 0)
        {
            throw new IllegalArgumentException("group offsets retention must be 0 (for ever) or more, not " +
                offsetsRetentionNs + " ns");
        }
        this.operator = operator;
        this.streams = streams;
        this.offsetsRetentionNs = offsetsRetentionNs;
        this.committedOffsets = new CommittedOffsets(streams);
    }

    /**
     * @return the lowest committed offsets, which the coordinator publishes for journal retention.
     */
    CommittedOffsets committedOffsets()
    {
        return committedOffsets;
    }

    /**
     * Count from now on (after recovery, so that replay does not count again).
     *
     * @param counters to count rebalances, commits and refusals in.
     */
    void countWith(final NodeCounters counters)
    {
        this.counters = counters;
    }

    /**
     * @return the operator behind the coordinator.
     */
    Operator operator()
    {
        return operator;
    }

    /**
     * @return the groups, in name order; read only, for tools.
     */
    ConsumerGroup[] groups()
    {
        return groups;
    }

    /**
     * {@inheritDoc}
     */
    public void onCommand(
        final long engineSequence,
        final long timestampNs,
        final int partition,
        final long partitionOffset,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final EgressSink egress)
    {
        if (timestampNs >= nextDeadlineNs)
        {
            this.engineSequence = engineSequence;
            this.timestampNs = timestampNs;
            expire(egress);
        }
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        if (!IngressTemplate.isGroup(templateId))
        {
            operator.onCommand(engineSequence, timestampNs, partition, partitionOffset, buffer, offset, length, egress);
            return;
        }

        this.engineSequence = engineSequence;
        this.timestampNs = timestampNs;
        final int bodyOffset = offset + HEADER_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int nameOffset = bodyOffset + blockLength + NAME_HEADER_LENGTH;
        final int nameLength = buffer.getInt(bodyOffset + blockLength, MessageHeaderDecoder.BYTE_ORDER);
        final long clientId = buffer.getLong(bodyOffset, MessageHeaderDecoder.BYTE_ORDER);
        final long clientSequence = buffer.getLong(bodyOffset + Long.BYTES, MessageHeaderDecoder.BYTE_ORDER);
        ack.applied(egress, clientId, clientSequence, engineSequence, timestampNs);

        final ConsumerGroup group = find(buffer, nameOffset, nameLength);
        switch (templateId)
        {
            case JoinGroupDecoder.TEMPLATE_ID:
                join.wrap(buffer, bodyOffset, blockLength, version);
                onJoin(group, buffer, nameOffset, nameLength, clientId, clientSequence, join.streamId(),
                    join.sessionTimeoutMs() * 1_000_000L, egress);
                break;

            case GroupHeartbeatDecoder.TEMPLATE_ID:
                heartbeat.wrap(buffer, bodyOffset, blockLength, version);
                onHeartbeat(group, clientId, clientSequence, heartbeat.generation(), buffer, nameOffset, nameLength,
                    egress);
                break;

            case LeaveGroupDecoder.TEMPLATE_ID:
                onLeave(group, clientId, clientSequence, buffer, nameOffset, nameLength, egress);
                break;

            case DeleteGroupDecoder.TEMPLATE_ID:
                onDelete(group, clientId, clientSequence, buffer, nameOffset, nameLength, egress);
                break;

            default:
                commit.wrap(buffer, bodyOffset, blockLength, version);
                onCommit(group, clientId, clientSequence, commit.generation(), commit.partition(),
                    commit.partitionOffset(), buffer, nameOffset, nameLength, egress);
                break;
        }
    }

    private void onJoin(
        final ConsumerGroup found,
        final DirectBuffer buffer,
        final int nameOffset,
        final int nameLength,
        final long clientId,
        final long clientSequence,
        final int streamId,
        final long sessionTimeoutNs,
        final EgressSink egress)
    {
        final StreamCatalog catalog = streams.catalog();
        if (!catalog.contains(streamId))
        {
            status(egress, clientId, clientSequence, GroupStatusCode.UNKNOWN_STREAM, null, buffer, nameOffset,
                nameLength, -1, -1);
            return;
        }
        ConsumerGroup group = found;
        if (null != group && group.streamId() != streamId)
        {
            status(egress, clientId, clientSequence, GroupStatusCode.STREAM_MISMATCH, group, buffer, nameOffset,
                nameLength, -1, -1);
            return;
        }
        if (null == group)
        {
            if (groups.length >= MAX_GROUPS)
            {
                status(egress, clientId, clientSequence, GroupStatusCode.GROUP_LIMIT, null, buffer, nameOffset,
                    nameLength, -1, -1);
                return;
            }
            final byte[] name = new byte[nameLength];
            buffer.getBytes(nameOffset, name);
            group = insert(new ConsumerGroup(name, streamId, catalog.partitionsOf(streamId)));
        }

        final int member = group.indexOf(clientId);
        if (member >= 0)
        {
            // A member that joins again (it restarted, or lost its assignment) is sent the current one.
            group.seen(member, timestampNs);
            group.sessionTimeoutNs(member, sessionTimeoutNs);
            updateDeadline();
            assign(egress, group, member);
            return;
        }
        if (group.memberCount() >= MAX_MEMBERS)
        {
            status(egress, clientId, clientSequence, GroupStatusCode.GROUP_LIMIT, group, buffer, nameOffset,
                nameLength, -1, -1);
            return;
        }
        group.add(clientId, timestampNs, sessionTimeoutNs);
        rebalance(egress, group);
    }

    private void onHeartbeat(
        final ConsumerGroup group,
        final long clientId,
        final long clientSequence,
        final int generation,
        final DirectBuffer buffer,
        final int nameOffset,
        final int nameLength,
        final EgressSink egress)
    {
        final int member = null == group ? -1 : group.indexOf(clientId);
        if (member < 0)
        {
            status(egress, clientId, clientSequence, GroupStatusCode.UNKNOWN_MEMBER_ID, group, buffer, nameOffset,
                nameLength, -1, -1);
            return;
        }
        group.seen(member, timestampNs);
        updateDeadline();
        if (generation != group.generation())
        {
            assign(egress, group, member);
        }
    }

    private void onLeave(
        final ConsumerGroup group,
        final long clientId,
        final long clientSequence,
        final DirectBuffer buffer,
        final int nameOffset,
        final int nameLength,
        final EgressSink egress)
    {
        final int member = null == group ? -1 : group.indexOf(clientId);
        if (member < 0)
        {
            status(egress, clientId, clientSequence, GroupStatusCode.UNKNOWN_MEMBER_ID, group, buffer, nameOffset,
                nameLength, -1, -1);
            return;
        }
        group.remove(member, timestampNs);
        status(egress, clientId, clientSequence, GroupStatusCode.LEFT, group, buffer, nameOffset, nameLength, -1, -1);
        rebalance(egress, group);
    }

    private void onDelete(
        final ConsumerGroup group,
        final long clientId,
        final long clientSequence,
        final DirectBuffer buffer,
        final int nameOffset,
        final int nameLength,
        final EgressSink egress)
    {
        if (null == group || group.memberCount() > 0)
        {
            status(egress, clientId, clientSequence, null == group ? GroupStatusCode.GROUP_ID_NOT_FOUND :
                GroupStatusCode.NON_EMPTY_GROUP, group, buffer, nameOffset, nameLength, -1, -1);
            return;
        }
        remove(group);
        updateDeadline();
        if (null != counters)
        {
            counters.groupsDeleted.incrementRelease();
        }
        status(egress, clientId, clientSequence, GroupStatusCode.DELETED, null, buffer, nameOffset, nameLength, -1,
            -1);
    }

    private void onCommit(
        final ConsumerGroup group,
        final long clientId,
        final long clientSequence,
        final int generation,
        final int partition,
        final long partitionOffset,
        final DirectBuffer buffer,
        final int nameOffset,
        final int nameLength,
        final EgressSink egress)
    {
        final int member = null == group ? -1 : group.indexOf(clientId);
        final GroupStatusCode code;
        if (member < 0)
        {
            code = GroupStatusCode.UNKNOWN_MEMBER_ID;
        }
        else if (generation != group.generation())
        {
            code = GroupStatusCode.ILLEGAL_GENERATION;
        }
        else if (!group.isAssigned(member, partition))
        {
            code = GroupStatusCode.NOT_ASSIGNED;
        }
        else if (partitionOffset < 0)
        {
            code = GroupStatusCode.INVALID_OFFSET;
        }
        else
        {
            code = GroupStatusCode.COMMITTED;
            group.commit(partition, partitionOffset);
            committedOffsets.update(groups, group.streamId(), partition);
            group.seen(member, timestampNs);
            updateDeadline();
        }
        if (null != counters)
        {
            (GroupStatusCode.COMMITTED == code ? counters.groupCommits : counters.groupCommitsRefused)
                .incrementRelease();
        }
        status(egress, clientId, clientSequence, code, group, buffer, nameOffset, nameLength, partition,
            partitionOffset);
    }

    /**
     * Remove every member whose deadline has passed, tell it, and rebalance its group; then remove every group that
     * has been empty for the offsets retention, with its committed offsets.
     */
    private void expire(final EgressSink egress)
    {
        boolean emptyPastRetention = false;
        for (final ConsumerGroup group : groups)
        {
            boolean expired = false;
            for (int member = group.memberCount() - 1; member >= 0; member--)
            {
                if (timestampNs >= group.deadlineNs(member))
                {
                    final long clientId = group.memberId(member);
                    group.remove(member, timestampNs);
                    expired = true;
                    if (null != counters)
                    {
                        counters.groupMembersExpired.incrementRelease();
                    }
                    final byte[] name = group.name();
                    status(egress, clientId, -1, GroupStatusCode.EXPIRED, group, null, 0, name.length, -1, -1);
                }
            }
            if (expired)
            {
                rebalance(egress, group);
            }
            if (ConsumerGroup.EMPTY_SINCE_UNKNOWN == group.emptySinceNs())
            {
                // Restored from a state that did not say since when: empty from the first command after it.
                group.emptySinceNs(timestampNs);
            }
            emptyPastRetention |= timestampNs >= expiryOf(group);
        }
        if (emptyPastRetention)
        {
            removeEmptyPastRetention();
        }
        updateDeadline();
    }

    /**
     * @return time at which the group is removed: never while it has members or when offsets are kept for ever.
     */
    private long expiryOf(final ConsumerGroup group)
    {
        final long emptySinceNs = group.emptySinceNs();
        if (ConsumerGroup.NOT_EMPTY == emptySinceNs || 0 == offsetsRetentionNs)
        {
            return NO_DEADLINE;
        }
        if (ConsumerGroup.EMPTY_SINCE_UNKNOWN == emptySinceNs)
        {
            return Long.MIN_VALUE;
        }
        final long expiry = emptySinceNs + offsetsRetentionNs;
        return expiry < emptySinceNs ? NO_DEADLINE : expiry;
    }

    private void removeEmptyPastRetention()
    {
        final ConsumerGroup[] before = groups;
        for (final ConsumerGroup group : before)
        {
            if (timestampNs >= expiryOf(group))
            {
                remove(group);
                if (null != counters)
                {
                    counters.groupsExpired.incrementRelease();
                }
            }
        }
    }

    /**
     * Remove a group: its committed offsets go with it and hold retention back no more.
     */
    private void remove(final ConsumerGroup group)
    {
        final ConsumerGroup[] kept = new ConsumerGroup[groups.length - 1];
        for (int i = 0, k = 0; i < groups.length; i++)
        {
            if (groups[i] != group)
            {
                kept[k++] = groups[i];
            }
        }
        groups = kept;
        for (int partition = 0; partition < group.partitions(); partition++)
        {
            committedOffsets.update(groups, group.streamId(), partition);
        }
    }

    private void rebalance(final EgressSink egress, final ConsumerGroup group)
    {
        group.generation(group.generation() + 1);
        if (null != counters)
        {
            counters.groupRebalances.incrementRelease();
        }
        for (int member = 0; member < group.memberCount(); member++)
        {
            assign(egress, group, member);
        }
        updateDeadline();
    }

    private void assign(final EgressSink egress, final ConsumerGroup group, final int member)
    {
        final int first = group.firstPartitionOf(member);
        final int count = group.partitionCountOf(member);
        final byte[] name = group.name();
        final int maxLength = HEADER_LENGTH + GroupAssignmentEncoder.BLOCK_LENGTH +
            GroupAssignmentEncoder.PartitionsEncoder.HEADER_SIZE +
            count * GroupAssignmentEncoder.PartitionsEncoder.sbeBlockLength() +
            GroupAssignmentEncoder.groupHeaderLength() + name.length;
        final long clientId = group.memberId(member);
        final int offset = egress.claim(clientId, maxLength);
        assignment.wrapAndApplyHeader(egress.buffer(), offset, replyHeader)
            .clientId(clientId)
            .engineSequence(engineSequence)
            .timestampNs(timestampNs)
            .generation(group.generation())
            .streamId(group.streamId())
            .memberCount(group.memberCount());
        final GroupAssignmentEncoder.PartitionsEncoder partitions = assignment.partitionsCount(count);
        for (int partition = first; partition < first + count; partition++)
        {
            partitions.next().partition(partition).committedOffset(group.committed(partition));
        }
        assignment.putGroup(name, 0, name.length);
        egress.commit(HEADER_LENGTH + assignment.encodedLength());
    }

    /**
     * Answer a group command. The group's name is taken from the group, or where there is none from the command.
     */
    private void status(
        final EgressSink egress,
        final long clientId,
        final long clientSequence,
        final GroupStatusCode code,
        final ConsumerGroup group,
        final DirectBuffer nameBuffer,
        final int nameOffset,
        final int nameLength,
        final int partition,
        final long partitionOffset)
    {
        final int maxLength = HEADER_LENGTH + GroupStatusEncoder.BLOCK_LENGTH + GroupStatusEncoder.groupHeaderLength() +
            nameLength;
        final int offset = egress.claim(clientId, maxLength);
        status.wrapAndApplyHeader(egress.buffer(), offset, replyHeader)
            .clientId(clientId)
            .clientSequence(clientSequence)
            .engineSequence(engineSequence)
            .status(code)
            .generation(null == group ? 0 : group.generation())
            .partition(partition)
            .partitionOffset(partitionOffset);
        if (null != group)
        {
            status.putGroup(group.name(), 0, group.name().length);
        }
        else
        {
            status.putGroup(nameBuffer, nameOffset, nameLength);
        }
        egress.commit(HEADER_LENGTH + status.encodedLength());
    }

    private ConsumerGroup find(final DirectBuffer buffer, final int nameOffset, final int nameLength)
    {
        for (final ConsumerGroup group : groups)
        {
            if (group.hasName(buffer, nameOffset, nameLength))
            {
                return group;
            }
        }
        return null;
    }

    /**
     * Add a group in name order (unsigned byte order), so that equal states snapshot to equal bytes.
     */
    private ConsumerGroup insert(final ConsumerGroup group)
    {
        int index = 0;
        while (index < groups.length && Arrays.compareUnsigned(groups[index].name(), group.name()) < 0)
        {
            index++;
        }
        final ConsumerGroup[] grown = new ConsumerGroup[groups.length + 1];
        System.arraycopy(groups, 0, grown, 0, index);
        grown[index] = group;
        System.arraycopy(groups, index, grown, index + 1, groups.length - index);
        groups = grown;
        return group;
    }

    private void updateDeadline()
    {
        long next = NO_DEADLINE;
        for (final ConsumerGroup group : groups)
        {
            for (int member = 0, count = group.memberCount(); member < count; member++)
            {
                next = Math.min(next, group.deadlineNs(member));
            }
            next = Math.min(next, expiryOf(group));
        }
        nextDeadlineNs = next;
    }

    /**
     * {@inheritDoc}
     */
    public void onBatchEnd(final EgressSink egress)
    {
        operator.onBatchEnd(egress);
    }

    /**
     * {@inheritDoc}
     */
    public int[] outputStreamIds()
    {
        return operator.outputStreamIds();
    }

    /**
     * {@inheritDoc}
     */
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        if (0 == groups.length)
        {
            return operator.snapshot(buffer, offset);
        }
        final int groupsLength = snapshotCodec.encode(buffer, offset, groups);
        final int operatorLength = operator.snapshot(buffer, offset + groupsLength);
        snapshotCodec.operatorStateLength(buffer, offset, operatorLength);
        return groupsLength + operatorLength;
    }

    /**
     * {@inheritDoc}
     */
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        final GroupsSnapshotCodec.Decoded decoded = snapshotCodec.decode(buffer, offset, length, streams.catalog());
        groups = decoded.groups();
        committedOffsets.updateAll(groups);
        updateDeadline();
        operator.restore(buffer, offset + decoded.length(), length - decoded.length());
    }

    /**
     * {@inheritDoc}
     */
    public String restoreChanges()
    {
        return operator.restoreChanges();
    }

    /**
     * {@inheritDoc}
     * <p>
     * With no group, the operator's own; else the hash of the whole state.
     */
    public long stateHash()
    {
        if (0 == groups.length)
        {
            return operator.stateHash();
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        return StateHash.of(buffer, 0, snapshot(buffer, 0));
    }
}
