package io.streamflow.client;

import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.GroupAssignmentDecoder;
import io.streamflow.sbe.GroupStatusCode;
import io.streamflow.sbe.GroupStatusDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * A member of a consumer group of one stream (docs/log.md), as a Kafka consumer with {@code group.id}: it joins the
 * group through the node's coordinator, follows the partitions the coordinator assigns it from the group's committed
 * offsets (or from {@link Context#resetFrom} where none is committed), heartbeats, commits the offset after the last
 * record it delivered every {@link Context#autoCommitIntervalMs}, and on close commits and leaves.
 * <p>
 * At a rebalance the partitions it keeps go on from where it is; those it loses stop at once (no record of a partition
 * it no longer owns is delivered), and its commits for them are refused by the node (fenced by generation). Delivery
 * is at least once: records delivered after the last commit of a partition that moves are delivered again to its new
 * owner, as with Kafka.
 * <p>
 * It polls the client's egress itself: give {@link Context#egressListener} for the answers to what else the client
 * sends. Not thread safe: one thread polls.
 */
public final class GroupConsumer implements AutoCloseable
{
    /** What the member is told. */
    public interface Listener
    {
        /**
         * A record of an assigned partition; valid during the call only.
         *
         * @param record the record.
         */
        void onRecord(FollowedRecord record);

        /**
         * The coordinator's assignment of a new generation; records of these partitions follow.
         *
         * @param generation  of the group.
         * @param partitions  assigned to this member, ascending; may be empty (more members than partitions).
         * @param memberCount members of the group in this generation.
         */
        default void onAssigned(final int generation, final int[] partitions, final int memberCount)
        {
        }

        /**
         * The member was removed from the group (it timed out, or the node does not know it): its partitions are
         * dropped and it joins again.
         *
         * @param status why.
         */
        default void onFenced(final GroupStatusCode status)
        {
        }

        /**
         * A group command was refused (a commit of an older generation, say); the member goes on.
         *
         * @param status        why.
         * @param partition     of a refused commit, else -1.
         * @param rejectDetail  where the node rejected the command outright, its reason; else null.
         */
        default void onRefused(final GroupStatusCode status, final int partition, final String rejectDetail)
        {
        }
    }

    /** One assigned partition. */
    private static final class PartitionState
    {
        final int partition;
        final LogFollower follower;
        long position;
        long committed;

        PartitionState(final int partition, final LogFollower follower, final long committed)
        {
            this.partition = partition;
            this.follower = follower;
            this.position = committed;
            this.committed = committed;
        }
    }

    private static final int NO_GENERATION = -1;

    private final StreamFlowClient client;
    private final Context ctx;
    private final Listener listener;
    private final GroupCommand command;
    private final Int2ObjectHashMap<PartitionState> assigned = new Int2ObjectHashMap<>();
    private PartitionState[] polled = new PartitionState[0];
    private int firstPolled;
    private final IntArrayList toClose = new IntArrayList();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final GroupAssignmentDecoder assignment = new GroupAssignmentDecoder();
    private final GroupStatusDecoder status = new GroupStatusDecoder();
    private final EgressListener egress = new GroupEgress();
    private final FollowListener records = new PartitionRecords();
    private final IntArrayList pendingPartitions = new IntArrayList();
    private final LongArrayList pendingCommitted = new LongArrayList();
    private int generation = NO_GENERATION;
    private int pendingGeneration = NO_GENERATION;
    private int pendingMemberCount;
    private boolean pendingFenced;
    private GroupStatusCode fencedBy;
    private boolean joinSent;
    private long lastHeartbeatNs;
    private long lastCommitNs;
    private long commitsRefused;
    private boolean closed;
    private boolean left;

    /**
     * Join the group: the join is sent at once, the assignment arrives through {@link #poll}.
     *
     * @param client   connected to the node (standalone: the log server serves the follows).
     * @param ctx      the group, the stream and the timings.
     * @param listener told the records and the assignments.
     */
    public GroupConsumer(final StreamFlowClient client, final Context ctx, final Listener listener)
    {
        this.client = client;
        this.ctx = ctx.conclude();
        this.listener = listener;
        this.command = new GroupCommand(ctx.group);
        join();
    }

    /**
     * Do the member's work: the node's answers, heartbeats and commits when due, then the assigned partitions'
     * records.
     *
     * @param fragmentLimit most fragments to take from each source, so also most records delivered (as Kafka's
     *                      {@code max.poll.records}: a record delivered counts as consumed at the next commit).
     * @return work done.
     */
    public int poll(final int fragmentLimit)
    {
        int work = client.poll(egress, fragmentLimit);
        work += applyPending();
        if (!joinSent)
        {
            join();
            work++;
        }
        final long nowNs = System.nanoTime();
        if (NO_GENERATION != generation && nowNs - lastHeartbeatNs >= ctx.heartbeatIntervalNs())
        {
            lastHeartbeatNs = nowNs;
            send(command.heartbeat(generation));
            work++;
        }
        if (nowNs - lastCommitNs >= ctx.autoCommitIntervalNs())
        {
            lastCommitNs = nowNs;
            work += commit();
        }
        // One record per fragment: the partitions together deliver at most fragmentLimit records.
        // Each poll starts at the next partition, so that a busy one does not starve the others.
        int budget = fragmentLimit;
        final int count = polled.length;
        if (count > 0)
        {
            firstPolled = (firstPolled + 1) % count;
        }
        for (int i = 0; i < count && budget > 0; i++)
        {
            final int fragments = polled[(firstPolled + i) % count].follower.poll(records, budget);
            budget -= fragments;
            work += fragments;
        }
        return work;
    }

    /**
     * Commit, for every assigned partition that has moved since its last commit, the offset after the last record
     * delivered. The node's answers arrive through {@link #poll}.
     *
     * @return commits sent.
     */
    public int commit()
    {
        int sent = 0;
        if (NO_GENERATION == generation)
        {
            return 0;
        }
        for (final PartitionState state : assigned.values())
        {
            if (state.position > state.committed)
            {
                send(command.commit(generation, state.partition, state.position));
                state.committed = state.position;
                sent++;
            }
        }
        return sent;
    }

    /**
     * @return the generation of the current assignment, -1 before the first.
     */
    public int generation()
    {
        return generation;
    }

    /**
     * @return the partitions assigned now, ascending.
     */
    public int[] assignedPartitions()
    {
        final int[] partitions = new int[assigned.size()];
        int i = 0;
        for (final int partition : assigned.keySet())
        {
            partitions[i++] = partition;
        }
        java.util.Arrays.sort(partitions);
        return partitions;
    }

    /**
     * @param partition assigned now.
     * @return the offset of the next record to deliver from it, -1 when it is not assigned or starts from the reset
     * point with nothing delivered yet.
     */
    public long position(final int partition)
    {
        final PartitionState state = assigned.get(partition);
        return null == state ? -1 : state.position;
    }

    /**
     * @return commits the node refused (fenced, or not assigned).
     */
    public long commitsRefused()
    {
        return commitsRefused;
    }

    /**
     * Commit what was delivered, leave the group (its partitions go to the others at once) and stop following.
     * The client stays open.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            commit();
            send(command.leave());
            awaitLeft();
        }
        finally
        {
            dropPartitions();
        }
    }

    /**
     * @return true once the node has answered this member's leave: its commits are journaled before it, and its
     * partitions are with the others.
     */
    public boolean hasLeft()
    {
        return left;
    }

    /**
     * Wait, up to the close timeout, for the node's answer to the leave; as Kafka's {@code close()}, which waits for
     * its commit and leave to complete.
     */
    private void awaitLeft()
    {
        final long deadlineNs = System.nanoTime() + ctx.closeTimeoutNs();
        final IdleStrategy idle = new BackoffIdleStrategy(1, 1, 1_000, 1_000_000);
        while (!left && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle(client.poll(egress, 16));
        }
    }

    /**
     * Stop without leaving or committing, as a member that crashed: the node expires it after its session timeout.
     * For tests and for a process that is about to die.
     */
    public void abandon()
    {
        closed = true;
        dropPartitions();
    }

    private void join()
    {
        joinSent = true;
        send(command.join(ctx.streamId, ctx.sessionTimeoutMs));
        lastHeartbeatNs = System.nanoTime();
    }

    private void send(final GroupCommand command)
    {
        final long result = client.sendCommand(command, egress);
        if (result < 0)
        {
            throw new IllegalStateException("group " + ctx.group + ": the node took no " + command.getClass()
                .getSimpleName() + " (" + result + ")");
        }
    }

    /**
     * Keep an assignment newer than the one applied; it is applied by {@link #poll}, outside the client's egress
     * callbacks (a send that retries polls egress).
     */
    private void onAssignment()
    {
        final int newGeneration = assignment.generation();
        if (newGeneration <= Math.max(generation, pendingGeneration) &&
            (NO_GENERATION != generation || NO_GENERATION != pendingGeneration))
        {
            return;
        }
        pendingGeneration = newGeneration;
        pendingMemberCount = assignment.memberCount();
        pendingPartitions.clear();
        pendingCommitted.clear();
        for (final GroupAssignmentDecoder.PartitionsDecoder partition : assignment.partitions())
        {
            pendingPartitions.addInt(partition.partition());
            pendingCommitted.addLong(partition.committedOffset());
        }
    }

    private int applyPending()
    {
        if (pendingFenced)
        {
            pendingFenced = false;
            dropPartitions();
            generation = NO_GENERATION;
            pendingGeneration = NO_GENERATION;
            joinSent = false;
            listener.onFenced(fencedBy);
            return 1;
        }
        if (NO_GENERATION == pendingGeneration)
        {
            return 0;
        }
        generation = pendingGeneration;
        pendingGeneration = NO_GENERATION;

        // Partitions this member lost stop now; those it keeps go on from where they are.
        toClose.clear();
        for (final int partition : assigned.keySet())
        {
            if (!pendingPartitions.containsInt(partition))
            {
                toClose.addInt(partition);
            }
        }
        for (int i = 0; i < toClose.size(); i++)
        {
            CloseHelper.quietClose(assigned.remove(toClose.getInt(i)).follower);
        }
        for (int i = 0; i < pendingPartitions.size(); i++)
        {
            final int partition = pendingPartitions.getInt(i);
            final PartitionState kept = assigned.get(partition);
            if (null != kept)
            {
                // The node's committed offset as of the rebalance: a commit sent in the old generation that reached
                // the node after it was refused, and is sent again at the next commit.
                kept.committed = pendingCommitted.getLong(i);
            }
            else
            {
                final long committed = pendingCommitted.getLong(i);
                final LogFollower follower = committed >= 0 ?
                    client.follow(ctx.streamId, partition, FollowFrom.OFFSET, committed) :
                    client.follow(ctx.streamId, partition, ctx.resetFrom, 0);
                assigned.put(partition, new PartitionState(partition, follower, committed));
            }
        }
        polled = assigned.values().toArray(new PartitionState[0]);
        listener.onAssigned(generation, pendingPartitions.toIntArray(), pendingMemberCount);
        return 1;
    }

    private void dropPartitions()
    {
        for (final PartitionState state : assigned.values())
        {
            CloseHelper.quietClose(state.follower);
        }
        assigned.clear();
        polled = new PartitionState[0];
    }

    private void onStatus()
    {
        final GroupStatusCode code = status.status();
        switch (code)
        {
            case COMMITTED -> { }
            case LEFT -> left = closed;
            case EXPIRED, UNKNOWN_MEMBER_ID ->
            {
                if (!closed)
                {
                    pendingFenced = true;
                    fencedBy = code;
                }
            }
            default ->
            {
                commitsRefused++;
                listener.onRefused(code, status.partition(), null);
            }
        }
    }

    private boolean isForThisGroup(final DirectBuffer buffer, final int nameOffset, final int nameLength)
    {
        final String group = ctx.group;
        if (nameLength != group.length())
        {
            return false;
        }
        for (int i = 0; i < nameLength; i++)
        {
            if (buffer.getByte(nameOffset + i) != group.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** The client's egress: group answers here, the rest to the context's listener. */
    private final class GroupEgress implements EgressListener
    {
        public void onAck(
            final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
        {
            final EgressListener other = ctx.egressListener;
            if (null != other)
            {
                other.onAck(clientSequence, engineSequence, timestampNs, duplicate);
            }
        }

        public void onAck(
            final long clientSequence,
            final long engineSequence,
            final long timestampNs,
            final boolean duplicate,
            final int partition,
            final long partitionOffset)
        {
            final EgressListener other = ctx.egressListener;
            if (null != other)
            {
                other.onAck(clientSequence, engineSequence, timestampNs, duplicate, partition, partitionOffset);
            }
        }

        public void onReject(
            final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
        {
            if (io.streamflow.protocol.IngressTemplate.isGroup(rejectedTemplateId))
            {
                listener.onRefused(GroupStatusCode.NULL_VAL, -1, reason + ": " + detail);
                return;
            }
            final EgressListener other = ctx.egressListener;
            if (null != other)
            {
                other.onReject(clientSequence, reason, rejectedTemplateId, detail);
            }
        }

        public void onMessage(final int templateId, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            if (GroupAssignmentDecoder.TEMPLATE_ID == templateId)
            {
                assignment.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                if (assignment.clientId() == client.clientId() && assignment.streamId() == ctx.streamId)
                {
                    // The name is last: walk the partitions first.
                    final int limit = skipPartitions();
                    final int nameLength = buffer.getInt(limit, GroupAssignmentDecoder.BYTE_ORDER);
                    if (isForThisGroup(buffer, limit + GroupAssignmentDecoder.groupHeaderLength(), nameLength))
                    {
                        assignment.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                        onAssignment();
                    }
                }
                return;
            }
            if (GroupStatusDecoder.TEMPLATE_ID == templateId)
            {
                status.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                final int limit = status.limit();
                final int nameLength = buffer.getInt(limit, GroupStatusDecoder.BYTE_ORDER);
                if (status.clientId() == client.clientId() &&
                    isForThisGroup(buffer, limit + GroupStatusDecoder.groupHeaderLength(), nameLength))
                {
                    onStatus();
                }
                return;
            }
            final EgressListener other = ctx.egressListener;
            if (null != other)
            {
                other.onMessage(templateId, buffer, offset, length);
            }
        }

        private int skipPartitions()
        {
            final GroupAssignmentDecoder.PartitionsDecoder partitions = assignment.partitions();
            while (partitions.hasNext())
            {
                partitions.next();
            }
            return assignment.limit();
        }
    }

    /** Records of the assigned partitions: positions move as they are delivered. */
    private final class PartitionRecords implements FollowListener
    {
        public void onRecord(final FollowedRecord record)
        {
            final PartitionState state = assigned.get(record.partition());
            if (null == state)
            {
                return;
            }
            state.position = record.partitionOffset() + 1;
            listener.onRecord(record);
        }
    }

    /**
     * Configuration of a member.
     */
    public static final class Context
    {
        /** Kafka's default {@code session.timeout.ms}. */
        public static final int SESSION_TIMEOUT_MS_DEFAULT = 45_000;
        /** Kafka's default {@code heartbeat.interval.ms}. */
        public static final int HEARTBEAT_INTERVAL_MS_DEFAULT = 3_000;
        /** Kafka's default {@code auto.commit.interval.ms}. */
        public static final int AUTO_COMMIT_INTERVAL_MS_DEFAULT = 5_000;
        /** Kafka's default timeout of a consumer's {@code close()}. */
        public static final int CLOSE_TIMEOUT_MS_DEFAULT = 30_000;

        private String group;
        private int streamId;
        private int sessionTimeoutMs = SESSION_TIMEOUT_MS_DEFAULT;
        private int heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS_DEFAULT;
        private int autoCommitIntervalMs = AUTO_COMMIT_INTERVAL_MS_DEFAULT;
        private int closeTimeoutMs = CLOSE_TIMEOUT_MS_DEFAULT;
        private FollowFrom resetFrom = FollowFrom.LATEST;
        private EgressListener egressListener;

        /**
         * @param group name of the group.
         * @return this.
         */
        public Context group(final String group)
        {
            this.group = group;
            return this;
        }

        /**
         * @param streamId the group consumes.
         * @return this.
         */
        public Context streamId(final int streamId)
        {
            this.streamId = streamId;
            return this;
        }

        /**
         * @param sessionTimeoutMs after which the node removes a member it has heard nothing from.
         * @return this.
         */
        public Context sessionTimeoutMs(final int sessionTimeoutMs)
        {
            this.sessionTimeoutMs = sessionTimeoutMs;
            return this;
        }

        /**
         * @param heartbeatIntervalMs between heartbeats; below the session timeout (Kafka advises a third).
         * @return this.
         */
        public Context heartbeatIntervalMs(final int heartbeatIntervalMs)
        {
            this.heartbeatIntervalMs = heartbeatIntervalMs;
            return this;
        }

        /**
         * @param autoCommitIntervalMs between commits of what was delivered.
         * @return this.
         */
        public Context autoCommitIntervalMs(final int autoCommitIntervalMs)
        {
            this.autoCommitIntervalMs = autoCommitIntervalMs;
            return this;
        }

        /**
         * @param closeTimeoutMs longest {@link GroupConsumer#close} waits for the node to answer the leave.
         * @return this.
         */
        public Context closeTimeoutMs(final int closeTimeoutMs)
        {
            this.closeTimeoutMs = closeTimeoutMs;
            return this;
        }

        /**
         * @param resetFrom where a partition with no committed offset starts: {@link FollowFrom#EARLIEST} or
         *                  {@link FollowFrom#LATEST} (Kafka's {@code auto.offset.reset}, whose default is latest).
         * @return this.
         */
        public Context resetFrom(final FollowFrom resetFrom)
        {
            this.resetFrom = resetFrom;
            return this;
        }

        /**
         * @param egressListener for the answers to what else the client sends; null to drop them.
         * @return this.
         */
        public Context egressListener(final EgressListener egressListener)
        {
            this.egressListener = egressListener;
            return this;
        }

        long heartbeatIntervalNs()
        {
            return TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs);
        }

        long closeTimeoutNs()
        {
            return TimeUnit.MILLISECONDS.toNanos(closeTimeoutMs);
        }

        long autoCommitIntervalNs()
        {
            return TimeUnit.MILLISECONDS.toNanos(autoCommitIntervalMs);
        }

        Context conclude()
        {
            if (null == group)
            {
                throw new IllegalArgumentException("a group member needs a group");
            }
            if (heartbeatIntervalMs <= 0 || heartbeatIntervalMs >= sessionTimeoutMs)
            {
                throw new IllegalArgumentException("the heartbeat interval (" + heartbeatIntervalMs + " ms) must be " +
                    "positive and below the session timeout (" + sessionTimeoutMs + " ms)");
            }
            if (FollowFrom.EARLIEST != resetFrom && FollowFrom.LATEST != resetFrom)
            {
                throw new IllegalArgumentException("a group resets to earliest or latest, not " + resetFrom);
            }
            return this;
        }
    }
}
