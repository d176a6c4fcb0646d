package io.streamflow.engine;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One consumer group of one stream: its members (by client id, ascending), its generation and the committed offset of
 * each partition. The assignment is not stored: it follows from the members and the partition count by the range
 * assignor, as Kafka's {@code RangeAssignor} computes it for one topic. With {@code P} partitions and {@code M}
 * members in client id order, member {@code i} gets the consecutive partitions from
 * {@code i * (P / M) + min(i, P % M)}, {@code P / M} of them plus one for each of the first {@code P % M} members.
 * <p>
 * Not thread safe: the group coordinator's, on the operator thread.
 */
final class ConsumerGroup
{
    /** A partition with no committed offset. */
    static final long NO_OFFSET = -1;
    /** {@link #emptySinceNs()} of a group with members. */
    static final long NOT_EMPTY = Long.MIN_VALUE;
    /** {@link #emptySinceNs()} of an empty group restored from a state that did not say since when. */
    static final long EMPTY_SINCE_UNKNOWN = Long.MIN_VALUE + 1;

    private final byte[] name;
    private final String nameString;
    private final int streamId;
    private final long[] committed;
    private int generation;
    private long emptySinceNs = NOT_EMPTY;
    private int memberCount;
    private long[] memberIds = new long[4];
    private long[] lastSeenNs = new long[4];
    private long[] sessionTimeoutNs = new long[4];

    ConsumerGroup(final byte[] name, final int streamId, final int partitions)
    {
        this.name = name;
        this.nameString = new String(name, StandardCharsets.US_ASCII);
        this.streamId = streamId;
        this.committed = new long[partitions];
        Arrays.fill(committed, NO_OFFSET);
    }

    byte[] name()
    {
        return name;
    }

    String nameString()
    {
        return nameString;
    }

    int streamId()
    {
        return streamId;
    }

    int partitions()
    {
        return committed.length;
    }

    int generation()
    {
        return generation;
    }

    void generation(final int generation)
    {
        this.generation = generation;
    }

    int memberCount()
    {
        return memberCount;
    }

    /**
     * @return the timestamp at which the group's last member left or expired, {@link #NOT_EMPTY} while it has one.
     */
    long emptySinceNs()
    {
        return emptySinceNs;
    }

    void emptySinceNs(final long emptySinceNs)
    {
        this.emptySinceNs = emptySinceNs;
    }

    long memberId(final int index)
    {
        return memberIds[index];
    }

    long lastSeenNs(final int index)
    {
        return lastSeenNs[index];
    }

    long sessionTimeoutNs(final int index)
    {
        return sessionTimeoutNs[index];
    }

    /**
     * @return time after which the member at this index is expired.
     */
    long deadlineNs(final int index)
    {
        final long deadline = lastSeenNs[index] + sessionTimeoutNs[index];
        return deadline < lastSeenNs[index] ? Long.MAX_VALUE : deadline;
    }

    long committed(final int partition)
    {
        return committed[partition];
    }

    void commit(final int partition, final long offset)
    {
        committed[partition] = offset;
    }

    /**
     * @return true when the group's name is these ASCII bytes.
     */
    boolean hasName(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != name.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != name[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return index of the member, or -1 when it is not one.
     */
    int indexOf(final long memberId)
    {
        final int index = Arrays.binarySearch(memberIds, 0, memberCount, memberId);
        return index < 0 ? -1 : index;
    }

    /**
     * Add a member that is not one yet, in client id order.
     *
     * @return its index.
     */
    int add(final long memberId, final long nowNs, final long timeoutNs)
    {
        if (memberCount == memberIds.length)
        {
            memberIds = Arrays.copyOf(memberIds, memberCount * 2);
            lastSeenNs = Arrays.copyOf(lastSeenNs, memberCount * 2);
            sessionTimeoutNs = Arrays.copyOf(sessionTimeoutNs, memberCount * 2);
        }
        final int index = -(Arrays.binarySearch(memberIds, 0, memberCount, memberId) + 1);
        System.arraycopy(memberIds, index, memberIds, index + 1, memberCount - index);
        System.arraycopy(lastSeenNs, index, lastSeenNs, index + 1, memberCount - index);
        System.arraycopy(sessionTimeoutNs, index, sessionTimeoutNs, index + 1, memberCount - index);
        memberIds[index] = memberId;
        lastSeenNs[index] = nowNs;
        sessionTimeoutNs[index] = timeoutNs;
        memberCount++;
        emptySinceNs = NOT_EMPTY;
        return index;
    }

    void seen(final int index, final long nowNs)
    {
        lastSeenNs[index] = nowNs;
    }

    void sessionTimeoutNs(final int index, final long timeoutNs)
    {
        sessionTimeoutNs[index] = timeoutNs;
    }

    /**
     * Remove the member at this index; the group is empty from this time when it was the last.
     */
    void remove(final int index, final long nowNs)
    {
        final int after = memberCount - index - 1;
        System.arraycopy(memberIds, index + 1, memberIds, index, after);
        System.arraycopy(lastSeenNs, index + 1, lastSeenNs, index, after);
        System.arraycopy(sessionTimeoutNs, index + 1, sessionTimeoutNs, index, after);
        memberCount--;
        if (0 == memberCount)
        {
            emptySinceNs = nowNs;
        }
    }

    /**
     * @return first partition the range assignor gives the member at this index.
     */
    int firstPartitionOf(final int index)
    {
        final int partitions = committed.length;
        return index * (partitions / memberCount) + Math.min(index, partitions % memberCount);
    }

    /**
     * @return how many partitions the range assignor gives the member at this index (0 when there are more members
     * than partitions).
     */
    int partitionCountOf(final int index)
    {
        final int partitions = committed.length;
        return partitions / memberCount + (index < partitions % memberCount ? 1 : 0);
    }

    /**
     * @return true when the partition is assigned to the member at this index in the current generation.
     */
    boolean isAssigned(final int index, final int partition)
    {
        final int first = firstPartitionOf(index);
        return partition >= first && partition < first + partitionCountOf(index);
    }
}
