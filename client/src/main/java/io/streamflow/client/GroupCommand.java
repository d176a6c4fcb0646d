package io.streamflow.client;

import io.streamflow.protocol.IngressTemplate;
import io.streamflow.sbe.CommitOffsetEncoder;
import io.streamflow.sbe.GroupHeartbeatEncoder;
import io.streamflow.sbe.JoinGroupEncoder;
import io.streamflow.sbe.DeleteGroupEncoder;
import io.streamflow.sbe.LeaveGroupEncoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The consumer group commands of one group (docs/log.md), to send with {@link StreamFlowClient#offerCommand}: set
 * one with {@link #join}, {@link #heartbeat}, {@link #leave} or {@link #commit}, then send it. Reusable; sending
 * allocates nothing.
 * <p>
 * Not thread safe.
 */
public final class GroupCommand implements CommandWriter
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final JoinGroupEncoder joinEncoder = new JoinGroupEncoder();
    private final GroupHeartbeatEncoder heartbeatEncoder = new GroupHeartbeatEncoder();
    private final LeaveGroupEncoder leaveEncoder = new LeaveGroupEncoder();
    private final DeleteGroupEncoder deleteEncoder = new DeleteGroupEncoder();
    private final CommitOffsetEncoder commitEncoder = new CommitOffsetEncoder();
    private final byte[] group;
    private int templateId = JoinGroupEncoder.TEMPLATE_ID;
    private int streamId;
    private int sessionTimeoutMs;
    private int generation;
    private int partition;
    private long partitionOffset;

    /**
     * @param group name of the group: 1 to {@link IngressTemplate#MAX_GROUP_NAME_LENGTH} printable ASCII characters.
     */
    public GroupCommand(final String group)
    {
        this.group = group.getBytes(StandardCharsets.US_ASCII);
        if (this.group.length < 1 || this.group.length > IngressTemplate.MAX_GROUP_NAME_LENGTH)
        {
            throw new IllegalArgumentException("a group name has 1 to " + IngressTemplate.MAX_GROUP_NAME_LENGTH +
                " characters: '" + group + "'");
        }
    }

    /**
     * @return name of the group.
     */
    public String group()
    {
        return new String(group, StandardCharsets.US_ASCII);
    }

    /**
     * Join the group, or refresh the membership (the node sends the current assignment).
     *
     * @param streamId         the group consumes.
     * @param sessionTimeoutMs after which a silent member is removed.
     * @return this.
     */
    public GroupCommand join(final int streamId, final int sessionTimeoutMs)
    {
        templateId = JoinGroupEncoder.TEMPLATE_ID;
        this.streamId = streamId;
        this.sessionTimeoutMs = sessionTimeoutMs;
        return this;
    }

    /**
     * Tell the node the member is alive.
     *
     * @param generation the member works in.
     * @return this.
     */
    public GroupCommand heartbeat(final int generation)
    {
        templateId = GroupHeartbeatEncoder.TEMPLATE_ID;
        this.generation = generation;
        return this;
    }

    /**
     * Leave the group.
     *
     * @return this.
     */
    public GroupCommand leave()
    {
        templateId = LeaveGroupEncoder.TEMPLATE_ID;
        return this;
    }

    /**
     * Delete the group with its committed offsets: only an empty one is (Kafka's DeleteGroups).
     *
     * @return this.
     */
    public GroupCommand delete()
    {
        templateId = DeleteGroupEncoder.TEMPLATE_ID;
        return this;
    }

    /**
     * Commit the group's offset of a partition: the next offset to read.
     *
     * @param generation      of the assignment that gave the partition.
     * @param partition       to commit.
     * @param partitionOffset one after the last record processed.
     * @return this.
     */
    public GroupCommand commit(final int generation, final int partition, final long partitionOffset)
    {
        templateId = CommitOffsetEncoder.TEMPLATE_ID;
        this.generation = generation;
        this.partition = partition;
        this.partitionOffset = partitionOffset;
        return this;
    }

    /**
     * {@inheritDoc}
     */
    public int length()
    {
        final int block = switch (templateId)
        {
            case JoinGroupEncoder.TEMPLATE_ID -> JoinGroupEncoder.BLOCK_LENGTH;
            case GroupHeartbeatEncoder.TEMPLATE_ID -> GroupHeartbeatEncoder.BLOCK_LENGTH;
            case LeaveGroupEncoder.TEMPLATE_ID -> LeaveGroupEncoder.BLOCK_LENGTH;
            case DeleteGroupEncoder.TEMPLATE_ID -> DeleteGroupEncoder.BLOCK_LENGTH;
            default -> CommitOffsetEncoder.BLOCK_LENGTH;
        };
        return MessageHeaderEncoder.ENCODED_LENGTH + block + JoinGroupEncoder.groupHeaderLength() + group.length;
    }

    /**
     * {@inheritDoc}
     */
    public void write(
        final MutableDirectBuffer buffer, final int offset, final long clientId, final long clientSequence)
    {
        switch (templateId)
        {
            case JoinGroupEncoder.TEMPLATE_ID -> joinEncoder.wrapAndApplyHeader(buffer, offset, header)
                .clientId(clientId)
                .clientSequence(clientSequence)
                .streamId(streamId)
                .sessionTimeoutMs(sessionTimeoutMs)
                .putGroup(group, 0, group.length);
            case GroupHeartbeatEncoder.TEMPLATE_ID -> heartbeatEncoder.wrapAndApplyHeader(buffer, offset, header)
                .clientId(clientId)
                .clientSequence(clientSequence)
                .generation(generation)
                .putGroup(group, 0, group.length);
            case LeaveGroupEncoder.TEMPLATE_ID -> leaveEncoder.wrapAndApplyHeader(buffer, offset, header)
                .clientId(clientId)
                .clientSequence(clientSequence)
                .putGroup(group, 0, group.length);
            case DeleteGroupEncoder.TEMPLATE_ID -> deleteEncoder.wrapAndApplyHeader(buffer, offset, header)
                .clientId(clientId)
                .clientSequence(clientSequence)
                .putGroup(group, 0, group.length);
            default -> commitEncoder.wrapAndApplyHeader(buffer, offset, header)
                .clientId(clientId)
                .clientSequence(clientSequence)
                .generation(generation)
                .partition(partition)
                .partitionOffset(partitionOffset)
                .putGroup(group, 0, group.length);
        }
    }
}
