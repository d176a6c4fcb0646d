package io.streamflow.client;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sbe.FollowEncoder;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.FollowSource;
import io.streamflow.sbe.FollowState;
import io.streamflow.sbe.FollowStatusDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.PartitionRecordDecoder;
import io.streamflow.sbe.UnfollowEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A consumer's follow of a stream of a node's log, one partition or every one, from the earliest record, the latest,
 * an offset or a time: the node's log server sends the history from its journal, says {@code LIVE}, and goes on with
 * what is appended, on a response channel of this follower's own. Records come in engine sequence order, offsets of a
 * partition without gap or repeat, across the hand-over too.
 * <p>
 * Opening is non-blocking: {@link #poll} sends the Follow once the node's follow stream is reached. When the node
 * stops, or goes away, the follower follows again, once it is back, from the engine sequence after the last record
 * (or hand-over) it heard of: nothing is missed and nothing repeated across a node restart. Not thread safe: one
 * thread polls.
 */
public final class LogFollower implements AutoCloseable
{
    /** Follow every partition of the stream. */
    public static final int EVERY_PARTITION = -1;

    /**
     * A Follow nothing was heard of is sent again after this long (the node drops one it already serves): it may
     * have gone to a node that was stopping, or been lost.
     */
    static final long RESEND_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    /** Where a follow stands. */
    public enum State
    {
        /** Reaching the node's follow stream. */
        CONNECTING,
        /** Follow sent: history arriving. */
        REPLAYING,
        /** History sent: live records arriving. */
        LIVE,
        /** Refused or closed by the node, or closed here. */
        ENDED
    }

    private final Runnable housekeeping;
    private final FollowSource source;
    private final int streamId;
    private final int partition;
    private long lastOffset = -1;
    private long correlationId;
    private FollowFrom from;
    private long fromValue;
    private long lastEngineSequence = -1;
    private long resumes;
    private boolean heard;
    private long followSentNs;
    private final byte[] credentials;
    private final Subscription responses;
    private final ExclusivePublication requests;
    private final FragmentAssembler assembler;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FollowStatusDecoder status = new FollowStatusDecoder();
    private final FollowedRecord record = new FollowedRecord();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[4096]);
    private String responseChannel;
    private FollowListener listener;
    private State state = State.CONNECTING;
    private String endReason;
    private long records;

    /**
     * @param aeron          client to publish and subscribe with.
     * @param housekeeping   run on each poll (an invoker-mode client's conductor and driver), or a no-op.
     * @param ingressChannel of the node (its IPC or UDP ingress): the Follow goes to its follow stream there.
     * @param responseHost   host the node reaches this consumer at over UDP; ignored over IPC.
     * @param credentials    {@code principal:secret} as UTF-8, empty for a node that takes anyone.
     * @param source         {@link FollowSource#RECORDS} for a stream of the journal, {@link FollowSource#OUTPUTS}
     *                       for an output stream of the output log (pipeline results, market data).
     * @param streamId       to follow: a stream id, or an output stream id.
     * @param partition      to follow, or {@link #EVERY_PARTITION} (an output stream has one, 0).
     * @param from           where to start.
     * @param fromValue      the offset for {@link FollowFrom#OFFSET}, the time in ns for {@link FollowFrom#TIME}.
     */
    public LogFollower(
        final Aeron aeron,
        final Runnable housekeeping,
        final String ingressChannel,
        final String responseHost,
        final byte[] credentials,
        final FollowSource source,
        final int streamId,
        final int partition,
        final FollowFrom from,
        final long fromValue)
    {
        this.housekeeping = housekeeping;
        this.source = source;
        this.correlationId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        this.streamId = streamId;
        this.partition = partition;
        this.from = from;
        this.fromValue = fromValue;
        this.credentials = credentials.clone();
        assembler = new FragmentAssembler(this::onFragment);
        responses = aeron.addSubscription(
            responseChannelFor(ingressChannel, responseHost), ProtocolDefaults.FOLLOW_RESPONSE_STREAM_ID);
        try
        {
            requests = aeron.addExclusivePublication(ingressChannel, ProtocolDefaults.FOLLOW_STREAM_ID);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(responses);
            throw ex;
        }
    }

    /**
     * Do the follow's work: reach the node and send the Follow, then deliver what arrived.
     *
     * @param listener      of records and of the follow's state.
     * @param fragmentLimit most fragments to take.
     * @return work done.
     */
    public int poll(final FollowListener listener, final int fragmentLimit)
    {
        housekeeping.run();
        this.listener = listener;
        try
        {
            if (State.CONNECTING == state)
            {
                return sendFollow() ? 1 : 0;
            }
            // What arrived first, even from a node that is going: its hand-over and its last records are delivered.
            final int work = responses.poll(assembler, fragmentLimit);
            if ((State.REPLAYING == state || State.LIVE == state) && !requests.isConnected())
            {
                resume();
                return work + 1;
            }
            if (State.REPLAYING == state && !heard && System.nanoTime() - followSentNs > RESEND_TIMEOUT_NS)
            {
                state = State.CONNECTING;
                return work + 1;
            }
            return work;
        }
        finally
        {
            this.listener = null;
        }
    }

    /**
     * @return where the follow stands.
     */
    public State state()
    {
        return state;
    }

    /**
     * @return why the follow ended, null while it runs.
     */
    public String endReason()
    {
        return endReason;
    }

    /**
     * @return the follow's correlation id, which each message for it carries.
     */
    public long correlationId()
    {
        return correlationId;
    }

    /**
     * @return records delivered.
     */
    public long records()
    {
        return records;
    }

    /**
     * Tell the node to stop (one attempt: it stops by itself when this consumer is gone), and release the channels.
     */
    public void close()
    {
        if (State.REPLAYING == state || State.LIVE == state)
        {
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + new UnfollowEncoder()
                .wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
                .correlationId(correlationId)
                .encodedLength();
            requests.offer(sendBuffer, 0, length);
        }
        state = State.ENDED;
        CloseHelper.closeAll(requests, responses);
    }

    /**
     * @param ingressChannel of the node.
     * @param responseHost   the node reaches this consumer at over UDP.
     * @return a response channel of the consumer's own: an IPC session id of its own, or an ephemeral UDP port.
     */
    static String responseChannelFor(final String ingressChannel, final String responseHost)
    {
        return ChannelUri.parse(ingressChannel).isIpc() ?
            "aeron:ipc?session-id=" + ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE) :
            "aeron:udp?endpoint=" + responseHost + ":0";
    }

    /**
     * @param responses subscribed on a {@link #responseChannelFor} channel.
     * @return the channel to name in a request: the UDP one once its port is bound, null before.
     */
    static String resolved(final Subscription responses)
    {
        return responses.channel().startsWith("aeron:ipc") ? responses.channel() :
            responses.tryResolveChannelEndpointPort();
    }

    /**
     * @return times the follow was sent again after the node stopped or went away.
     */
    public long resumes()
    {
        return resumes;
    }

    /**
     * Follow again, once the node is back, from after the last record or hand-over heard of (from the original start
     * when nothing was).
     */
    private void resume()
    {
        correlationId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        heard = false;
        if (FollowSource.OUTPUTS == source)
        {
            // One output stream: its offsets say where to go on (its engine sequences repeat within a command).
            if (lastOffset >= 0)
            {
                from = FollowFrom.OFFSET;
                fromValue = lastOffset + 1;
            }
        }
        else if (lastEngineSequence >= 0 || State.LIVE == state)
        {
            from = FollowFrom.SEQUENCE;
            fromValue = lastEngineSequence + 1;
        }
        state = State.CONNECTING;
        resumes++;
        listener.onResuming(correlationId, from, fromValue);
    }

    private boolean sendFollow()
    {
        if (null == responseChannel)
        {
            responseChannel = resolved(responses);
            if (null == responseChannel)
            {
                return false;
            }
        }
        if (!requests.isConnected())
        {
            return false;
        }
        final FollowEncoder follow = new FollowEncoder().wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(correlationId)
            .streamId(streamId)
            .partition(partition)
            .from(from)
            .fromValue(fromValue)
            .responseStreamId(ProtocolDefaults.FOLLOW_RESPONSE_STREAM_ID)
            .source(source)
            .responseChannel(responseChannel);
        follow.putCredentials(credentials, 0, credentials.length);
        if (requests.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + follow.encodedLength()) > 0)
        {
            state = State.REPLAYING;
            followSentNs = System.nanoTime();
            return true;
        }
        return false;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header fragment)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        if (PartitionRecordDecoder.TEMPLATE_ID == header.templateId())
        {
            record.wrap(buffer, offset, header);
            if (record.correlationId() == correlationId && State.ENDED != state)
            {
                heard = true;
                records++;
                lastEngineSequence = record.engineSequence();
                lastOffset = record.partitionOffset();
                listener.onRecord(record);
            }
        }
        else if (FollowStatusDecoder.TEMPLATE_ID == header.templateId())
        {
            status.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            if (status.correlationId() != correlationId)
            {
                return;
            }
            heard = true;
            final FollowState followState = status.state();
            if (FollowState.LIVE == followState)
            {
                state = State.LIVE;
                lastEngineSequence = Math.max(lastEngineSequence, status.engineSequence());
                listener.onLive(correlationId, status.engineSequence());
            }
            else if (FollowState.NODE_STOPPING == followState)
            {
                resume();
            }
            else
            {
                state = State.ENDED;
                endReason = status.detail();
                listener.onEnded(correlationId, FollowState.REFUSED == followState, endReason);
            }
        }
    }

    /**
     * @return the stream followed.
     */
    public int streamId()
    {
        return streamId;
    }

    /**
     * @return the partition followed, {@link #EVERY_PARTITION} for all.
     */
    public int partition()
    {
        return partition;
    }

    /**
     * @return the channel the node answers on, once resolved; null before.
     */
    public String responseChannel()
    {
        return responseChannel;
    }

    /**
     * @return the ingress channel the Follow is sent to.
     */
    public String ingressChannel()
    {
        return requests.channel();
    }

    /**
     * @return whether the node's follow stream is reached.
     */
    public boolean isConnected()
    {
        return requests.isConnected();
    }
}
