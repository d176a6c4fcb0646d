package io.streamflow.engine;

import io.streamflow.journal.JournalEntryHandler;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalScanner;
import io.streamflow.operators.EgressSink;
import io.streamflow.operators.Operator;
import io.streamflow.protocol.StreamCatalog;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The consumer groups of a node directory as its engine has them (for {@code streamflow groups --dir}): the newest
 * snapshot's groups, then the journal's commands after it applied by a coordinator of its own, as recovery would;
 * with the end offset of every partition, for the lag. Reads bytes only, so it works while the node runs (as of the
 * last entry written).
 */
public final class ConsumerGroupsReader
{
    /**
     * A member and what it has.
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
        /**
         * @return records after the committed offset (all of them where none is committed), as Kafka's lag.
         */
        public long lag()
        {
            return endOffset - Math.max(0, committedOffset);
        }
    }

    /**
     * One group.
     *
     * @param name         of the group.
     * @param streamId     it consumes.
     * @param generation   of its current assignment.
     * @param emptySinceNs journal time its last member left or expired, -1 while it has members (or, restored from
     *                     a state that did not say, until the next command).
     * @param members      by client id.
     * @param partitions   every partition of the stream.
     */
    public record Group(
        String name, int streamId, int generation, long emptySinceNs, List<Member> members, List<Partition> partitions)
    {
        /**
         * @return true when its last member has left or expired (then {@link #emptySinceNs} says when).
         */
        public boolean isEmpty()
        {
            return members.isEmpty();
        }
    }

    /**
     * The groups, as of a point in the journal.
     *
     * @param groups         by name.
     * @param engineSequence of the last command applied, -1 for none.
     * @param timestampNs    journal time of that command.
     */
    public record Groups(List<Group> groups, long engineSequence, long timestampNs)
    {
    }

    private ConsumerGroupsReader()
    {
    }

    /**
     * @param nodeDir the node's directory (journal in {@code journal/}, snapshots in {@code snapshots/}).
     * @param catalog the node's streams.
     * @param logger  told which snapshot was read.
     * @return the groups as the engine has them after the journal's last good entry.
     */
    public static Groups read(final File nodeDir, final StreamCatalog catalog, final System.Logger logger)
    {
        return read(nodeDir, catalog, EngineConfiguration.GROUP_OFFSETS_RETENTION_DEFAULT_NS, logger);
    }

    /**
     * @param nodeDir            the node's directory (journal in {@code journal/}, snapshots in {@code snapshots/}).
     * @param catalog            the node's streams.
     * @param offsetsRetentionNs the node's offsets retention ({@link Engine.Context#groupOffsetsRetentionNs}), by
     *                           which replay removes empty groups as the node does.
     * @param logger             told which snapshot was read.
     * @return the groups as the engine has them after the journal's last good entry.
     */
    public static Groups read(
        final File nodeDir, final StreamCatalog catalog, final long offsetsRetentionNs, final System.Logger logger)
    {
        final Replica replica = new Replica(catalog, offsetsRetentionNs,
            new SnapshotStore(new File(nodeDir, "snapshots")).newest(logger));
        final File journalDir = new File(nodeDir, "journal");
        final long sequence = replica.lastSequence;
        JournalScanner.scanFrom(journalDir, JournalScanner.fileHolding(journalDir, sequence + 1), sequence,
            sequence < 0 ? Long.MIN_VALUE : replica.lastTimestampNs, (buffer, offset, length, isGood) ->
            {
                replica.apply(buffer, offset, length);
                return true;
            });
        return replica.groups();
    }

    /**
     * The groups of a running node kept up to date as its journal grows, for its log server to list: the newest
     * snapshot's groups, then the journal after it from a reader of its own, a bounded batch at a time. Not thread
     * safe: the thread that reads, which is never one of the engine's stages.
     */
    public static final class Live implements JournalEntryHandler, AutoCloseable
    {
        private final Replica replica;
        private final JournalReader reader;
        private final JournalEntryView entry = new JournalEntryView();

        Live(final Replica replica, final JournalReader reader)
        {
            this.replica = replica;
            this.reader = reader;
            reader.seek(replica.lastSequence + 1);
        }

        /**
         * @param limit most journal entries to read.
         * @return entries read.
         */
        public int catchUp(final int limit)
        {
            return reader.poll(this, limit);
        }

        /**
         * @return the groups as of the last entry read.
         */
        public Groups groups()
        {
            return replica.groups();
        }

        /**
         * {@inheritDoc}
         */
        public void onEntry(final DirectBuffer buffer, final int offset, final int length, final long index)
        {
            if (null == entry.wrap(buffer, offset, length).structuralFault() &&
                entry.engineSequence() > replica.lastSequence)
            {
                replica.apply(buffer, offset, length);
            }
        }

        /**
         * {@inheritDoc}
         */
        public void close()
        {
            reader.close();
        }
    }

    /**
     * @param catalog            the node's streams.
     * @param offsetsRetentionNs the node's offsets retention.
     * @param snapshots          the node's snapshots.
     * @param reader             of the node's journal, closed with the result.
     * @param logger             told which snapshot was read.
     * @return the groups of the running node, to keep up to date with {@link Live#catchUp}.
     */
    static Live live(
        final StreamCatalog catalog,
        final long offsetsRetentionNs,
        final SnapshotStore snapshots,
        final JournalReader reader,
        final System.Logger logger)
    {
        return new Live(new Replica(catalog, offsetsRetentionNs, null == snapshots ? null : snapshots.newest(logger)),
            reader);
    }

    /** A coordinator of its own and the partitions' offsets, restored from a snapshot, fed journal entries. */
    private static final class Replica
    {
        private final GroupCoordinator coordinator;
        private final PartitionOffsets offsets;
        private final JournalEntryView entry = new JournalEntryView();
        private final EgressSink discarded = new DiscardingSink();
        private long lastSequence = -1;
        private long lastTimestampNs;

        Replica(final StreamCatalog catalog, final long offsetsRetentionNs, final SnapshotStore.Snapshot snapshot)
        {
            offsets = new PartitionOffsets(catalog);
            coordinator = new GroupCoordinator(new IgnoredOperator(), offsets, offsetsRetentionNs);
            if (null != snapshot)
            {
                restore(snapshot.state(), coordinator, offsets);
                lastSequence = snapshot.engineSequence();
                lastTimestampNs = snapshot.timestampNs();
            }
        }

        void apply(final DirectBuffer buffer, final int offset, final int length)
        {
            entry.wrap(buffer, offset, length);
            offsets.onApplied(entry);
            coordinator.onCommand(entry.engineSequence(), entry.timestampNs(), entry.partition(),
                entry.partitionOffset(), buffer, entry.messageOffset(), entry.messageLength(), discarded);
            lastSequence = entry.engineSequence();
            lastTimestampNs = entry.timestampNs();
        }

        Groups groups()
        {
            final List<Group> groups = new ArrayList<>();
            for (final ConsumerGroup group : coordinator.groups())
            {
                groups.add(viewOf(group, offsets.catalog(), offsets));
            }
            return new Groups(groups, lastSequence, lastTimestampNs);
        }
    }

    private static Group viewOf(final ConsumerGroup group, final StreamCatalog catalog, final PartitionOffsets offsets)
    {
        final List<Member> members = new ArrayList<>();
        final long[] owners = new long[group.partitions()];
        Arrays.fill(owners, -1);
        for (int member = 0; member < group.memberCount(); member++)
        {
            final int first = group.firstPartitionOf(member);
            final int[] partitions = new int[group.partitionCountOf(member)];
            for (int i = 0; i < partitions.length; i++)
            {
                partitions[i] = first + i;
                owners[first + i] = group.memberId(member);
            }
            members.add(new Member(group.memberId(member), group.lastSeenNs(member), group.sessionTimeoutNs(member),
                partitions));
        }
        final List<Partition> partitions = new ArrayList<>();
        for (int partition = 0; partition < group.partitions(); partition++)
        {
            final int slot = catalog.contains(group.streamId()) ? catalog.slotOf(group.streamId(), partition) :
                StreamCatalog.NO_SLOT;
            final long end = StreamCatalog.NO_SLOT == slot ? 0 : offsets.nextOffset(slot);
            partitions.add(new Partition(partition, owners[partition], group.committed(partition), end));
        }
        final long emptySince = group.emptySinceNs();
        return new Group(group.nameString(), group.streamId(), group.generation(),
            ConsumerGroup.NOT_EMPTY == emptySince || ConsumerGroup.EMPTY_SINCE_UNKNOWN == emptySince ? -1 : emptySince,
            members, partitions);
    }

    /**
     * The snapshot's partitions' offsets and groups, through the engine's own codec; an engine state it refuses
     * (another format, damaged) is read as none.
     */
    private static void restore(
        final DirectBuffer state, final GroupCoordinator coordinator, final PartitionOffsets offsets)
    {
        final EngineStateCodec codec = new EngineStateCodec();
        if (null == codec.fault(state, 0, state.capacity()))
        {
            codec.decode(state, 0, state.capacity(), new DedupTable[0], new PartitionOffsets[] { offsets },
                coordinator);
        }
    }

    /** Stands for the node's operator, whose state and results the groups do not need. */
    private static final class IgnoredOperator implements Operator
    {
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
        }

        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
        }
    }

    /** Takes the coordinator's answers and drops them. */
    private static final class DiscardingSink implements EgressSink
    {
        private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);

        public int claim(final long clientId, final int maxLength)
        {
            buffer.checkLimit(maxLength);
            return 0;
        }

        public int claimOutput(final int outputStreamId, final int maxLength)
        {
            return claim(outputStreamId, maxLength);
        }

        public MutableDirectBuffer buffer()
        {
            return buffer;
        }

        public void commit(final int length)
        {
        }
    }
}
