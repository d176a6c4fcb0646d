package io.streamflow.sequencer;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.streamflow.engine.ConsumerGroupsReader;
import io.streamflow.engine.Engine;
import io.streamflow.engine.PublishedStreams;
import io.streamflow.engine.Principals;
import io.streamflow.journal.ColdHistory;
import io.streamflow.journal.CompactedHistory;
import io.streamflow.journal.CompactedStore;
import io.streamflow.journal.CompactionManifest;
import io.streamflow.journal.EntryPoller;
import io.streamflow.journal.JournalReader;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sbe.FollowDecoder;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.FollowSource;
import io.streamflow.sbe.FollowState;
import io.streamflow.sbe.ListGroupsDecoder;
import io.streamflow.sbe.ListStreamsDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.UnfollowDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.NanoClock;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's log server (a standalone node's, or a cluster member's, of its own journal): consumers send
 * {@code Follow} on the follow stream of the node's ingress channels (a member's log server endpoint), and each
 * follow is served from a journal reader of its own ({@link LogFollow}), on this agent's thread, never the
 * sequencer's: the single writer does no consumer's reading, and a consumer that falls behind slows nobody else.
 * A Follow with an unknown stream or partition, a bad start, wrong credentials or one too many is answered
 * {@code REFUSED} with the reason, and counted.
 */
public final class LogServer implements Agent, FragmentHandler
{
    private static final int REQUEST_FRAGMENTS = 16;
    private static final int TABLE_BATCH = 4096;

    private final String aeronDirectoryName;
    private final boolean ownsAeron;
    private Aeron aeron;
    private AgentInvoker conductorInvoker;
    private final Engine engine;
    private final File journalDir;
    private final PublishedStreams streams;
    private final int[] outputStreamIds;
    private final Principals principals;
    private final LogServerCounters counters;
    private final ErrorHandler errorHandler;
    private final NanoClock clock;
    private final long connectTimeoutNs;
    private final int maxFollows;
    private final int maxMessageLength;
    private final List<String> channels;
    private final List<Subscription> requests = new ArrayList<>();
    private final List<LogFollow> follows = new ArrayList<>();
    private final List<ListReply> listReplies = new ArrayList<>();
    private final ListStreamsDecoder listStreams = new ListStreamsDecoder();
    private final ListGroupsDecoder listGroups = new ListGroupsDecoder();
    private PartitionTable partitionTable;
    private ConsumerGroupsReader.Live consumerGroups;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final FollowDecoder follow = new FollowDecoder();
    private final UnfollowDecoder unfollow = new UnfollowDecoder();
    private byte[] credentials = new byte[64];

    /**
     * @param aeron              client of the node's media driver, run by another agent of this thread (INVOKER
     *                           mode); null for a client of the log server's own, connected and invoked on its
     *                           thread.
     * @param aeronDirectoryName of the node's media driver.
     * @param engine           whose journal is served.
     * @param outputStreamIds  the operator's output streams, which the output log holds.
     * @param principals       whose credentials a follow must carry, or null when the node takes anyone.
     * @param channels         to take Follow on: the node's ingress channels (a UDP one by its tag).
     * @param counters         of the log server.
     * @param errorHandler     of the node.
     * @param clock            for the connect deadlines.
     * @param connectTimeoutNs for a consumer to connect to its follow's publication.
     * @param maxFollows       served at once.
     * @param maxMessageLength longest record the node takes.
     */
    public LogServer(
        final Aeron aeron,
        final String aeronDirectoryName,
        final Engine engine,
        final int[] outputStreamIds,
        final Principals principals,
        final List<String> channels,
        final LogServerCounters counters,
        final ErrorHandler errorHandler,
        final NanoClock clock,
        final long connectTimeoutNs,
        final int maxFollows,
        final int maxMessageLength)
    {
        this.aeron = aeron;
        this.aeronDirectoryName = aeronDirectoryName;
        this.ownsAeron = null == aeron;
        this.engine = engine;
        this.journalDir = engine.context().journalDir();
        this.streams = engine.streams();
        this.outputStreamIds = outputStreamIds.clone();
        this.principals = principals;
        this.channels = channels;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.clock = clock;
        this.connectTimeoutNs = connectTimeoutNs;
        this.maxFollows = maxFollows;
        this.maxMessageLength = maxMessageLength;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "log-server";
    }

    /**
     * {@inheritDoc}
     */
    public void onStart()
    {
        if (ownsAeron)
        {
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .useConductorAgentInvoker(true)
                .errorHandler(errorHandler)
                .subscriberErrorHandler(errorHandler));
            conductorInvoker = aeron.conductorAgentInvoker();
        }
        for (final String channel : channels)
        {
            requests.add(aeron.addSubscription(channel, ProtocolDefaults.FOLLOW_STREAM_ID));
        }
        // The table counts every record the journal holds, its cold tier's included.
        final JournalReader tableReader = engine.newJournalReader();
        final ColdHistory cold = ColdHistory.openOrNull(journalDir, 0, 0, tableReader);
        partitionTable = new PartitionTable(streams, null == cold ? tableReader : cold);
        consumerGroups = engine.newConsumerGroupsReader();
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        int work = null != conductorInvoker ? conductorInvoker.invoke() : 0;
        work += partitionTable.catchUp(TABLE_BATCH);
        work += consumerGroups.catchUp(TABLE_BATCH);
        for (int i = 0, size = requests.size(); i < size; i++)
        {
            work += requests.get(i).poll(assembler, REQUEST_FRAGMENTS);
        }

        final long nowNs = clock.nanoTime();
        for (int i = listReplies.size() - 1; i >= 0; i--)
        {
            if (listReplies.get(i).send(nowNs))
            {
                listReplies.remove(i).close();
            }
        }
        for (int i = follows.size() - 1; i >= 0; i--)
        {
            final LogFollow follow = follows.get(i);
            work += follow.doWork(nowNs);
            if (LogFollow.Ending.NONE != follow.ending())
            {
                end(i, follow);
            }
        }
        return work;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        for (int i = follows.size() - 1; i >= 0; i--)
        {
            follows.get(i).closeWith(FollowState.NODE_STOPPING, "the node is stopping");
            end(i, follows.get(i));
        }
        CloseHelper.closeAll(listReplies);
        CloseHelper.closeAll(requests);
        CloseHelper.closeAll(partitionTable, consumerGroups);
        if (ownsAeron)
        {
            CloseHelper.close(aeron);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header fragment)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            counters.requestsMalformed.incrementRelease();
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != FollowDecoder.SCHEMA_ID || header.version() < 3)
        {
            counters.requestsMalformed.incrementRelease();
            return;
        }
        try
        {
            switch (header.templateId())
            {
                case FollowDecoder.TEMPLATE_ID:
                    follow.wrapAndApplyHeader(buffer, offset, header);
                    onFollow(fragment.sessionId());
                    break;

                case ListStreamsDecoder.TEMPLATE_ID:
                    listStreams.wrapAndApplyHeader(buffer, offset, header);
                    onListStreams();
                    break;

                case ListGroupsDecoder.TEMPLATE_ID:
                    listGroups.wrapAndApplyHeader(buffer, offset, header);
                    onListGroups();
                    break;

                case UnfollowDecoder.TEMPLATE_ID:
                    unfollow.wrapAndApplyHeader(buffer, offset, header);
                    onUnfollow(unfollow.correlationId(), fragment.sessionId());
                    break;

                default:
                    counters.requestsMalformed.incrementRelease();
                    break;
            }
        }
        catch (final IndexOutOfBoundsException ex)
        {
            counters.requestsMalformed.incrementRelease();
        }
    }

    private void onFollow(final int requestSessionId)
    {
        final long correlationId = follow.correlationId();
        if (isServed(correlationId, requestSessionId))
        {
            return; // A consumer that heard nothing yet sends its Follow again: it is served once.
        }
        final int streamId = follow.streamId();
        final int partition = follow.partition();
        FollowFrom from;
        try
        {
            from = follow.from();
        }
        catch (final IllegalArgumentException ex)
        {
            from = FollowFrom.NULL_VAL;
        }
        final long fromValue = follow.fromValue();
        final int responseStreamId = follow.responseStreamId();
        FollowSource source;
        try
        {
            source = follow.source();
        }
        catch (final IllegalArgumentException ex)
        {
            source = FollowSource.NULL_VAL;
        }
        final String responseChannel = follow.responseChannel();
        final int credentialsLength = follow.credentialsLength();
        follow.getCredentials(credentialsFor(credentialsLength), 0, credentialsLength);
        final ExclusivePublication publication = openResponse(responseChannel, responseStreamId);
        if (null == publication)
        {
            return;
        }

        final long deadlineNs = clock.nanoTime() + connectTimeoutNs;
        final JournalReader reader = FollowSource.OUTPUTS == source ? engine.newOutputLogReader() :
            FollowSource.RECORDS == source ? engine.newJournalReader() : null;
        final String refusal = refusalOf(source, reader, streamId, partition, from, fromValue, credentialsLength);
        if (null != refusal)
        {
            CloseHelper.close(reader);
            counters.followsRefused.incrementRelease();
            follows.add(LogFollow.refusal(correlationId, requestSessionId, publication, refusal, counters,
                deadlineNs));
            return;
        }

        final boolean isOutputs = FollowSource.OUTPUTS == source;
        EntryPoller poller = reader;
        long fromOffset = 0;
        long fromTimestampNs = 0;
        long fromSequence = 0;
        final CompactedStore.Version compacted = isOutputs ? null : compactedFrom(streamId, partition, from,
            fromValue);
        switch (null == compacted ? from : FollowFrom.NULL_VAL)
        {
            case LATEST:
                reader.toEnd();
                break;

            case OFFSET:
                // One partition: a binary search for its record. Every partition: a record at offset N has an
                // engine sequence of at least N (not so for outputs, read from the start).
                if (!isOutputs && partition >= 0)
                {
                    reader.seekOffset(streamId, partition, fromValue);
                }
                else if (!isOutputs)
                {
                    reader.seek(fromValue);
                }
                fromOffset = fromValue;
                break;

            case TIME:
                // The output log's engine sequences are not contiguous: it is read from its start.
                if (!isOutputs)
                {
                    reader.seekTime(fromValue);
                }
                fromTimestampNs = fromValue;
                break;

            case SEQUENCE:
                if (!isOutputs)
                {
                    reader.seek(fromValue);
                }
                fromSequence = fromValue;
                break;

            default:
                break;
        }
        if (null != compacted)
        {
            // Before what compaction covers: the compacted version (the newest record of each key), then the
            // journal after it. The follow passes over what is before its start, as it does in the journal.
            fromOffset = FollowFrom.OFFSET == from ? fromValue : 0;
            fromTimestampNs = FollowFrom.TIME == from ? fromValue : 0;
            fromSequence = FollowFrom.SEQUENCE == from ? fromValue : 0;
            poller = CompactedHistory.open(compacted, reader);
            counters.followsOfCompactedHistory.incrementRelease();
        }
        else if (!isOutputs && FollowFrom.LATEST != from)
        {
            // Before the journal's first cycle at hand: the cold cycles from the one that may hold the start.
            // A cold cycle holds the start when it has entries at or after it: every cold cycle is older than the
            // journal at hand.
            final ColdHistory cold = ColdHistory.openOrNull(journalDir, FollowFrom.SEQUENCE == from ? fromValue : 0,
                FollowFrom.TIME == from ? fromValue : 0, streamId, partition, FollowFrom.OFFSET == from ? fromValue :
                -1, reader);
            if (null != cold)
            {
                poller = cold;
                counters.followsOfColdTier.incrementRelease();
            }
        }
        follows.add(new LogFollow(correlationId, requestSessionId, streamId, partition, isOutputs, fromOffset,
            fromTimestampNs, fromSequence, publication, poller, maxMessageLength, counters, deadlineNs));
        counters.followsOpened.incrementRelease();
        counters.follows.setRelease(countServing());
    }

    /**
     * @return the stream's current compacted version when the follow starts before what it covers, else null (the
     * journal alone is read, as for a stream never compacted).
     */
    private CompactedStore.Version compactedFrom(
        final int streamId, final int partition, final FollowFrom from, final long fromValue)
    {
        final CompactedStore.Version current = CompactedHistory.currentOrNull(journalDir, streamId);
        if (null == current)
        {
            return null;
        }
        final CompactionManifest covered = current.manifest();
        final boolean isBefore = switch (from)
        {
            case EARLIEST -> true;
            case OFFSET -> covered.coversOffset(partition, fromValue);
            case TIME -> fromValue <= covered.coveredTimeNs();
            case SEQUENCE -> fromValue <= covered.covered();
            default -> false;
        };
        return isBefore ? current : null;
    }

    private String refusalOf(
        final FollowSource source,
        final JournalReader reader,
        final int streamId,
        final int partition,
        final FollowFrom from,
        final long fromValue,
        final int credentialsLength)
    {
        if (!isAuthentic(credentialsLength))
        {
            return "authentication failed: the node takes follows with the credentials of a known principal";
        }
        if (FollowSource.NULL_VAL == source)
        {
            return "unknown source: the journal's records or the output log";
        }
        if (FollowSource.OUTPUTS == source)
        {
            if (null == reader)
            {
                return "the node logs no outputs (it was started with --no-output-log)";
            }
            if (!isOutputStream(streamId))
            {
                return "unknown output stream " + streamId + "; the node's are " +
                    java.util.Arrays.toString(outputStreamIds);
            }
            if (partition < -1 || partition > 0)
            {
                return "an output stream has one partition, 0, not " + partition;
            }
        }
        else if (!streams.catalog().contains(streamId))
        {
            return "unknown stream " + streamId + "; the node has " + streams.catalog().toSpec();
        }
        final int partitions = FollowSource.OUTPUTS == source ? 1 : streams.catalog().partitionsOf(streamId);
        if (partition < -1 || partition >= partitions)
        {
            return "stream " + streamId + " has partitions 0 to " + (partitions - 1) + ", not " + partition;
        }
        if (FollowFrom.NULL_VAL == from)
        {
            return "unknown start: earliest, latest, an offset, a time or an engine sequence";
        }
        if (FollowFrom.EARLIEST != from && FollowFrom.LATEST != from && fromValue < 0)
        {
            return "a start " + from + " must not be negative: " + fromValue;
        }
        if (countServing() >= maxFollows)
        {
            return "the node serves at most " + maxFollows + " follows at once";
        }
        return null;
    }

    private boolean isOutputStream(final int streamId)
    {
        for (final int outputStreamId : outputStreamIds)
        {
            if (outputStreamId == streamId)
            {
                return true;
            }
        }
        return false;
    }

    private void onUnfollow(final long correlationId, final int requestSessionId)
    {
        for (int i = follows.size() - 1; i >= 0; i--)
        {
            final LogFollow follow = follows.get(i);
            if (follow.correlationId() == correlationId && follow.requestSessionId() == requestSessionId)
            {
                follow.closeWith(FollowState.CLOSED, "unfollowed");
                end(i, follow);
            }
        }
    }

    private void onListStreams()
    {
        final long correlationId = listStreams.correlationId();
        final int responseStreamId = listStreams.responseStreamId();
        final String responseChannel = listStreams.responseChannel();
        final int credentialsLength = listStreams.credentialsLength();
        listStreams.getCredentials(credentialsFor(credentialsLength), 0, credentialsLength);
        final ExclusivePublication publication = openResponse(responseChannel, responseStreamId);
        if (null == publication)
        {
            return;
        }
        final String refusal = isAuthentic(credentialsLength) ? null :
            "authentication failed: the node lists its streams to a known principal";
        partitionTable.adopt(streams.catalog());
        listReplies.add(new StreamsListReply(correlationId, partitionTable, refusal, publication,
            clock.nanoTime() + connectTimeoutNs));
    }

    private void onListGroups()
    {
        final long correlationId = listGroups.correlationId();
        final int responseStreamId = listGroups.responseStreamId();
        final String responseChannel = listGroups.responseChannel();
        final int credentialsLength = listGroups.credentialsLength();
        listGroups.getCredentials(credentialsFor(credentialsLength), 0, credentialsLength);
        final ExclusivePublication publication = openResponse(responseChannel, responseStreamId);
        if (null == publication)
        {
            return;
        }
        final boolean isAuthentic = isAuthentic(credentialsLength);
        listReplies.add(new GroupsListReply(correlationId, isAuthentic ? consumerGroups.groups() : null,
            streams.catalog(), isAuthentic ? null : "authentication failed: the node lists its groups to a known " +
            "principal", publication, clock.nanoTime() + connectTimeoutNs));
    }

    /**
     * @return the buffer to read a request's credentials into, grown to the length.
     */
    private byte[] credentialsFor(final int length)
    {
        if (credentials.length < length)
        {
            credentials = new byte[length];
        }
        return credentials;
    }

    /**
     * @return true when the node takes anyone, or the credentials last read are a known principal's.
     */
    private boolean isAuthentic(final int credentialsLength)
    {
        return null == principals || principals.authenticates(credentials, 0, credentialsLength);
    }

    /**
     * @return a publication to a request's response channel, or null (counted) when the channel is not one.
     */
    private ExclusivePublication openResponse(final String responseChannel, final int responseStreamId)
    {
        try
        {
            ChannelUri.parse(responseChannel);
            return aeron.addExclusivePublication(responseChannel, responseStreamId);
        }
        catch (final RuntimeException ex)
        {
            counters.requestsMalformed.incrementRelease();
            return null;
        }
    }

    private boolean isServed(final long correlationId, final int requestSessionId)
    {
        for (int i = 0, size = follows.size(); i < size; i++)
        {
            final LogFollow follow = follows.get(i);
            if (follow.correlationId() == correlationId && follow.requestSessionId() == requestSessionId)
            {
                return true;
            }
        }
        return false;
    }

    private void end(final int index, final LogFollow follow)
    {
        follows.remove(index);
        if (null != follow.damage())
        {
            errorHandler.onError(new IllegalStateException("log server: follow " + follow.correlationId() + " " +
                "ended: " + follow.damage()));
        }
        if (!follow.isRefusal())
        {
            counters.followsClosed.incrementRelease();
        }
        follow.close();
        counters.follows.setRelease(countServing());
    }

    private int countServing()
    {
        int serving = 0;
        for (int i = 0, size = follows.size(); i < size; i++)
        {
            serving += follows.get(i).isRefusal() ? 0 : 1;
        }
        return serving;
    }
}
