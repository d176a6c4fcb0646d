package io.streamflow.sequencer;

import io.aeron.ExclusivePublication;
import io.streamflow.engine.ConsumerGroupsReader;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.sbe.GroupsListEncoder;
import io.streamflow.sbe.MessageHeaderEncoder;

/**
 * One answer to a {@code ListGroups}: the consumer groups as the log server's replica has them when asked, encoded
 * once, offered until the asker has connected and taken it (or its deadline passes), then closed. The log server's
 * thread only.
 */
final class GroupsListReply extends ListReply
{
    /**
     * @param correlationId the asker's.
     * @param groups        the groups; null with a refusal.
     * @param streams       the node's streams.
     * @param refusal       why the list is refused, or null.
     * @param publication   to the asker.
     * @param deadlineNs    by which the asker must have taken it.
     */
    GroupsListReply(
        final long correlationId,
        final ConsumerGroupsReader.Groups groups,
        final StreamCatalog streams,
        final String refusal,
        final ExclusivePublication publication,
        final long deadlineNs)
    {
        super(publication, deadlineNs);
        final int encoded = null == refusal ? encode(correlationId, groups, streams.toSpec(), "") : 0;
        if (null == refusal && encoded <= maxMessageLength())
        {
            length(encoded);
        }
        else
        {
            length(encode(correlationId, null, "", null != refusal ? refusal : "the groups take " + encoded +
                " bytes, more than a message holds (" + maxMessageLength() + "): list them with " +
                "'streamflow groups --dir'"));
        }
    }

    private int encode(
        final long correlationId, final ConsumerGroupsReader.Groups groups, final String streams, final String refusal)
    {
        final GroupsListEncoder encoder = new GroupsListEncoder()
            .wrapAndApplyHeader(message, 0, new MessageHeaderEncoder())
            .correlationId(correlationId)
            .engineSequence(null == groups ? -1 : groups.engineSequence())
            .timestampNs(null == groups ? 0 : groups.timestampNs());
        final GroupsListEncoder.GroupsEncoder list = encoder.groupsCount(null == groups ? 0 : groups.groups().size());
        if (null != groups)
        {
            for (final ConsumerGroupsReader.Group group : groups.groups())
            {
                list.next().streamId(group.streamId()).generation(group.generation())
                    .emptySinceNs(group.emptySinceNs());
                final GroupsListEncoder.GroupsEncoder.MembersEncoder members =
                    list.membersCount(group.members().size());
                for (final ConsumerGroupsReader.Member member : group.members())
                {
                    final int[] partitions = member.partitions();
                    members.next().clientId(member.clientId()).lastSeenNs(member.lastSeenNs())
                        .sessionTimeoutNs(member.sessionTimeoutNs())
                        .firstPartition(0 == partitions.length ? 0 : partitions[0])
                        .partitionCount(partitions.length);
                }
                final GroupsListEncoder.GroupsEncoder.PartitionsEncoder partitions =
                    list.partitionsCount(group.partitions().size());
                for (final ConsumerGroupsReader.Partition partition : group.partitions())
                {
                    partitions.next().partition(partition.partition()).owner(partition.owner())
                        .committedOffset(partition.committedOffset()).endOffset(partition.endOffset());
                }
                list.name(group.name());
            }
        }
        encoder.streams(streams).refusal(refusal);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
