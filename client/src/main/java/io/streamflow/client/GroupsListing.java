package io.streamflow.client;

import java.util.List;

/**
 * A node's consumer groups as its log server listed them ({@link StreamFlowClient#listGroups}), as its engine has
 * them (docs/log.md, consumer groups).
 *
 * @param streams        the node's streams as {@code name=id[:partitions],...}.
 * @param groups         by name.
 * @param engineSequence the groups are as of this engine sequence of the journal, -1 for none applied.
 * @param timestampNs    journal time of that entry.
 */
public record GroupsListing(String streams, List<Group> groups, long engineSequence, long timestampNs)
{
    /**
     * One group.
     *
     * @param name         of the group.
     * @param streamId     it consumes.
     * @param generation   of its current assignment.
     * @param emptySinceNs journal time its last member left or expired, -1 while it has members.
     * @param members      by client id.
     * @param partitions   every partition of the stream.
     */
    public record Group(
        String name, int streamId, int generation, long emptySinceNs, List<Member> members, List<Partition> partitions)
    {
    }

    /**
     * A member.
     *
     * @param clientId         the member.
     * @param lastSeenNs       journal time of its last group command.
     * @param sessionTimeoutNs after which it is expired.
     * @param partitions       assigned to it in the current generation.
     */
    public record Member(long clientId, long lastSeenNs, long sessionTimeoutNs, int[] partitions)
    {
    }

    /**
     * A partition of the group's stream.
     *
     * @param partition       the partition.
     * @param owner           the member it is assigned to, -1 for none.
     * @param committedOffset the group's committed offset, -1 for none.
     * @param endOffset       the offset the partition's next record gets.
     */
    public record Partition(int partition, long owner, long committedOffset, long endOffset)
    {
    }
}
