package io.streamflow.engine;

import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.snapshot.ConsumerGroupStateDecoder;
import io.streamflow.sbe.snapshot.ConsumerGroupStateEncoder;
import io.streamflow.sbe.snapshot.ConsumerGroupsDecoder;
import io.streamflow.sbe.snapshot.ConsumerGroupsEncoder;
import io.streamflow.sbe.snapshot.MessageHeaderDecoder;
import io.streamflow.sbe.snapshot.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The consumer groups' part of a snapshot, ahead of the operator's state: {@code ConsumerGroups} (group count, length
 * of the operator's state after the groups), then a {@code ConsumerGroupState} per group, in the coordinator's order.
 * A state that does not start with {@code ConsumerGroups} has no groups: it is the operator's alone.
 * <p>
 * Not thread safe.
 */
final class GroupsSnapshotCodec
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ConsumerGroupsEncoder groupsEncoder = new ConsumerGroupsEncoder();
    private final ConsumerGroupsDecoder groupsDecoder = new ConsumerGroupsDecoder();
    private final ConsumerGroupStateEncoder groupEncoder = new ConsumerGroupStateEncoder();
    private final ConsumerGroupStateDecoder groupDecoder = new ConsumerGroupStateDecoder();

    /**
     * What a state held ahead of the operator's.
     *
     * @param groups the groups, in the order written.
     * @param length bytes they took: the operator's state starts after them.
     */
    record Decoded(ConsumerGroup[] groups, int length)
    {
    }

    /**
     * Write the groups; {@link #operatorStateLength} completes the header once the operator's state is written.
     *
     * @return bytes written.
     */
    int encode(final ExpandableArrayBuffer buffer, final int offset, final ConsumerGroup[] groups)
    {
        groupsEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder).groupCount(groups.length)
            .operatorStateLength(0);
        int position = offset + MessageHeaderEncoder.ENCODED_LENGTH + ConsumerGroupsEncoder.BLOCK_LENGTH;
        for (final ConsumerGroup group : groups)
        {
            int committedCount = 0;
            for (int partition = 0; partition < group.partitions(); partition++)
            {
                committedCount += ConsumerGroup.NO_OFFSET == group.committed(partition) ? 0 : 1;
            }
            buffer.checkLimit(position + MessageHeaderEncoder.ENCODED_LENGTH + ConsumerGroupStateEncoder.BLOCK_LENGTH +
                2 * ConsumerGroupStateEncoder.MembersEncoder.HEADER_SIZE +
                group.memberCount() * ConsumerGroupStateEncoder.MembersEncoder.sbeBlockLength() +
                committedCount * ConsumerGroupStateEncoder.CommittedEncoder.sbeBlockLength() +
                ConsumerGroupStateEncoder.nameHeaderLength() + group.name().length);
            groupEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                .streamId(group.streamId())
                .generation(group.generation())
                .emptySinceNs(group.emptySinceNs());
            final ConsumerGroupStateEncoder.MembersEncoder members = groupEncoder.membersCount(group.memberCount());
            for (int member = 0; member < group.memberCount(); member++)
            {
                members.next()
                    .clientId(group.memberId(member))
                    .lastSeenNs(group.lastSeenNs(member))
                    .sessionTimeoutNs(group.sessionTimeoutNs(member));
            }
            final ConsumerGroupStateEncoder.CommittedEncoder committed = groupEncoder.committedCount(committedCount);
            for (int partition = 0; partition < group.partitions(); partition++)
            {
                if (ConsumerGroup.NO_OFFSET != group.committed(partition))
                {
                    committed.next().partition(partition).offset(group.committed(partition));
                }
            }
            groupEncoder.putName(group.name(), 0, group.name().length);
            position += MessageHeaderEncoder.ENCODED_LENGTH + groupEncoder.encodedLength();
        }
        return position - offset;
    }

    /**
     * Complete the header written by {@link #encode}.
     */
    void operatorStateLength(final ExpandableArrayBuffer buffer, final int offset, final int length)
    {
        groupsEncoder.wrap(buffer, offset + MessageHeaderEncoder.ENCODED_LENGTH).operatorStateLength(length);
    }

    /**
     * Read the groups ahead of the operator's state, if any.
     *
     * @param catalog the node's streams: a group's partition count is its stream's now (or, for a stream the node no
     *                longer has, as far as its committed offsets go).
     * @throws IllegalArgumentException when the groups overrun the state or do not end where the operator's state
     *                                  starts.
     */
    Decoded decode(final DirectBuffer buffer, final int offset, final int length, final StreamCatalog catalog)
    {
        if (!hasGroups(buffer, offset, length))
        {
            return new Decoded(new ConsumerGroup[0], 0);
        }
        try
        {
            groupsDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
            final int count = groupsDecoder.groupCount();
            final int operatorLength = groupsDecoder.operatorStateLength();
            final ConsumerGroup[] groups = new ConsumerGroup[count];
            int position = offset + MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength();
            for (int i = 0; i < count; i++)
            {
                groupDecoder.wrapAndApplyHeader(buffer, position, headerDecoder);
                if (headerDecoder.templateId() != ConsumerGroupStateDecoder.TEMPLATE_ID)
                {
                    throw new IllegalArgumentException("consumer group " + i + " of " + count + " is not one");
                }
                groups[i] = decodeGroup(catalog);
                position = groupDecoder.limit();
            }
            if (position - offset + operatorLength != length)
            {
                throw new IllegalArgumentException("consumer groups end at " + (position - offset) + " and the " +
                    operatorLength + " bytes of the operator's state do not end the state of " + length);
            }
            return new Decoded(groups, position - offset);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw new IllegalArgumentException("consumer groups overrun the state: " + ex.getMessage(), ex);
        }
    }

    private ConsumerGroup decodeGroup(final StreamCatalog catalog)
    {
        final int streamId = groupDecoder.streamId();
        final int generation = groupDecoder.generation();
        // Null in a state of version 3, and in any while the group has members.
        final long emptySinceNs = groupDecoder.emptySinceNs();
        final ConsumerGroupStateDecoder.MembersDecoder members = groupDecoder.members();
        final long[] ids = new long[members.count()];
        final long[] seen = new long[ids.length];
        final long[] timeouts = new long[ids.length];
        for (int i = 0; members.hasNext(); i++)
        {
            members.next();
            ids[i] = members.clientId();
            seen[i] = members.lastSeenNs();
            timeouts[i] = members.sessionTimeoutNs();
        }
        final ConsumerGroupStateDecoder.CommittedDecoder committed = groupDecoder.committed();
        final int[] partitions = new int[committed.count()];
        final long[] offsets = new long[partitions.length];
        int partitionCount = catalog.contains(streamId) ? catalog.partitionsOf(streamId) : 0;
        for (int i = 0; committed.hasNext(); i++)
        {
            committed.next();
            partitions[i] = committed.partition();
            offsets[i] = committed.offset();
            if (!catalog.contains(streamId))
            {
                partitionCount = Math.max(partitionCount, partitions[i] + 1);
            }
        }
        final byte[] name = new byte[groupDecoder.nameLength()];
        groupDecoder.getName(name, 0, name.length);

        final ConsumerGroup group = new ConsumerGroup(name, streamId, partitionCount);
        group.generation(generation);
        for (int i = 0; i < ids.length; i++)
        {
            group.add(ids[i], seen[i], timeouts[i]);
        }
        if (0 == ids.length)
        {
            group.emptySinceNs(ConsumerGroupStateDecoder.emptySinceNsNullValue() == emptySinceNs ?
                ConsumerGroup.EMPTY_SINCE_UNKNOWN : emptySinceNs);
        }
        for (int i = 0; i < partitions.length; i++)
        {
            if (partitions[i] < partitionCount)
            {
                group.commit(partitions[i], offsets[i]);
            }
        }
        return group;
    }

    private boolean hasGroups(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + ConsumerGroupsDecoder.BLOCK_LENGTH)
        {
            return false;
        }
        headerDecoder.wrap(buffer, offset);
        return headerDecoder.schemaId() == ConsumerGroupsDecoder.SCHEMA_ID &&
            headerDecoder.templateId() == ConsumerGroupsDecoder.TEMPLATE_ID &&
            headerDecoder.blockLength() == ConsumerGroupsDecoder.BLOCK_LENGTH;
    }
}
