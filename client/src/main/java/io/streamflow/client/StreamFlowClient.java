package io.streamflow.client;

import java.util.List;
import java.util.ArrayList;
import io.streamflow.sbe.StreamsListDecoder;
import io.streamflow.sbe.ListStreamsEncoder;
import io.streamflow.sbe.GroupsListDecoder;
import io.streamflow.sbe.ListGroupsEncoder;
import io.aeron.Subscription;
import io.aeron.FragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.BufferClaim;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.AckStatus;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.FollowSource;
import io.streamflow.sbe.ConnectAckDecoder;
import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.DisconnectEncoder;
import io.streamflow.sbe.ExecutionReportDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.RejectDecoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A client of a StreamFlow node over Aeron IPC or UDP: sends commands, each with the next client sequence, and
 * receives acks, rejects and results through {@link #poll(EgressListener, int)}, correlated by client sequence.
 * <p>
 * Sending never drops silently: an {@code offer} returns the client sequence used, or a negative code saying why
 * nothing was sent (back-pressure: try again); a {@code send} retries until the send timeout, polling egress
 * meanwhile so the node is never left blocked on this client, and reports {@link #SEND_TIMEOUT} if it gives up.
 * <p>
 * Runs its Aeron client conductor (and its media driver, when embedded) on the caller's thread: poll regularly.
 * Not thread safe: one thread per client.
 */
public final class StreamFlowClient implements AutoCloseable
{
    /** A send gave up after retrying for the send timeout: the command was not sent. */
    public static final long SEND_TIMEOUT = -100;

    /** The message is longer than the node accepts: not sent. */
    public static final long MESSAGE_TOO_LARGE = -101;

    /** A record's partition left to the node: chosen from the key ({@code Partitioner} in the journal module). */
    public static final int NO_PARTITION = -1;

    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int MAX_SEND_LENGTH = 1024 * 1024 + 64;
    private static final int CONDUCTOR_POLLS = 64;

    private final Context ctx;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker conductorInvoker;
    private int pollsSinceConductor;
    private final ClientTransport transport;
    private final BufferClaim bufferClaim = new BufferClaim();
    private final UnsafeBuffer sendBuffer;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RecordEncoder recordEncoder = new RecordEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AckDecoder ackDecoder = new AckDecoder();
    private final RejectDecoder rejectDecoder = new RejectDecoder();
    private final ConnectAckDecoder connectAckDecoder = new ConnectAckDecoder();
    private final IdleStrategy retryIdle = new BackoffIdleStrategy(
        10, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));

    private final long clientId;
    private long nextClientSequence;
    private long lastClientSequenceAtConnect = Long.MIN_VALUE;
    private int maxMessageLength;
    private RejectReason connectRefusal;
    private EgressListener listener;
    private long retryDeadlineNs;
    private long sendResult;

    private StreamFlowClient(final Context ctx)
    {
        this.ctx = ctx;
        this.clientId = ctx.clientId();
        driver = ctx.embeddedDriver() ? MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(ctx.aeronDirectoryName())
            .threadingMode(io.aeron.driver.ThreadingMode.INVOKER)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .publicationTermBufferLength(4 * 1024 * 1024)
            .ipcTermBufferLength(4 * 1024 * 1024)) : null;
        driverInvoker = null == driver ? null : driver.sharedAgentInvoker();

        final Aeron.Context aeronCtx = new Aeron.Context()
            .aeronDirectoryName(ctx.aeronDirectoryName())
            .useConductorAgentInvoker(true);
        if (null != driverInvoker)
        {
            aeronCtx.driverAgentInvoker(driverInvoker);
        }

        Aeron aeron = null;
        try
        {
            aeron = Aeron.connect(aeronCtx);
            conductorInvoker = aeron.conductorAgentInvoker();
            final long deadlineNs = System.nanoTime() + ctx.connectTimeoutNs();

            this.aeron = aeron;
            transport = ctx.isClustered() ?
                new ClusterTransport(aeron, driverInvoker, ctx, this::onEgress, (buffer) -> encodeConnect(buffer, "")) :
                new NodeTransport(aeron, ctx, this::onEgress, () -> awaitTick(deadlineNs, "node at " +
                    ctx.ingressChannel()));

            sendBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MAX_SEND_LENGTH, 64));
            sendConnect(transport.responseChannel(), deadlineNs);
            while (Long.MIN_VALUE == lastClientSequenceAtConnect && null == connectRefusal)
            {
                poll(null, 16);
                awaitTick(deadlineNs, "ConnectAck from the node");
            }
            if (null != connectRefusal)
            {
                throw new IllegalStateException("node refused client " + clientId + ": " + connectRefusal);
            }
            nextClientSequence = lastClientSequenceAtConnect + 1;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw ex;
        }
    }

    /**
     * Connect to a node: open the response channel, reach the node's ingress, and wait for its ConnectAck.
     *
     * @param ctx configuration; concluded here.
     * @return the connected client.
     * @throws IllegalStateException when the node cannot be reached or refuses within the connect timeout.
     */
    public static StreamFlowClient connect(final Context ctx)
    {
        ctx.conclude();
        return new StreamFlowClient(ctx);
    }

    /**
     * @return this client's id, the producer id of its commands.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * @return highest client sequence the node had applied for this client when it connected, or -1.
     */
    public long lastClientSequenceAtConnect()
    {
        return lastClientSequenceAtConnect;
    }

    /**
     * @return client sequence the next record offered without one will carry.
     */
    public long nextClientSequence()
    {
        return nextClientSequence;
    }

    /**
     * @return id of the cluster member that leads, as this client last heard; -1 for a standalone node.
     */
    public int leaderMemberId()
    {
        return transport.leaderMemberId();
    }

    /**
     * @return times a new cluster leader took over since this client connected; 0 for a standalone node.
     */
    public long leaderChanges()
    {
        return transport.leaderChanges();
    }

    /**
     * @return commands sent again to a new leader because the old one had not answered them.
     */
    public long resends()
    {
        return transport.resends();
    }

    /**
     * @return longest message the node accepts, header included.
     */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * One attempt to send a record with the next client sequence.
     *
     * @param streamId         of the record.
     * @param eventTimestampNs event time the record carries.
     * @param key              buffer of the key (may be null when keyLength is 0).
     * @param keyOffset        of the key.
     * @param keyLength        of the key.
     * @param payload          buffer of the payload.
     * @param payloadOffset    of the payload.
     * @param payloadLength    of the payload.
     * @return the client sequence sent, or a negative code ({@link Publication#BACK_PRESSURED} and the like,
     * {@link #MESSAGE_TOO_LARGE}) when nothing was sent.
     */
    public long offerRecord(
        final int streamId,
        final long eventTimestampNs,
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        return offerRecordTo(streamId, NO_PARTITION, eventTimestampNs, key, keyOffset, keyLength, payload,
            payloadOffset, payloadLength);
    }

    /**
     * One attempt to send a record to a partition of the caller's choosing, with the next client sequence.
     *
     * @param streamId         of the record.
     * @param partition        of the stream to append to, or {@link #NO_PARTITION} for the node to choose from the
     *                         key (docs/log.md: xxHash64 of the key, or the engine sequence for no key).
     * @param eventTimestampNs event time the record carries.
     * @param key              buffer of the key (may be null when keyLength is 0).
     * @param keyOffset        of the key.
     * @param keyLength        of the key.
     * @param payload          buffer of the payload.
     * @param payloadOffset    of the payload.
     * @param payloadLength    of the payload.
     * @return the client sequence sent, or a negative code when nothing was sent.
     */
    public long offerRecordTo(
        final int streamId,
        final int partition,
        final long eventTimestampNs,
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final long result = offerRecord(nextClientSequence, streamId, partition, eventTimestampNs,
            key, keyOffset, keyLength, payload, payloadOffset, payloadLength);
        if (result >= 0)
        {
            nextClientSequence++;
        }
        return result;
    }

    /**
     * One attempt to send a record with a client sequence of the caller's choosing: to resend one, say.
     *
     * @param clientSequence   to send with.
     * @param streamId         of the record.
     * @param eventTimestampNs event time the record carries.
     * @param key              buffer of the key (may be null when keyLength is 0).
     * @param keyOffset        of the key.
     * @param keyLength        of the key.
     * @param payload          buffer of the payload.
     * @param payloadOffset    of the payload.
     * @param payloadLength    of the payload.
     * @return the client sequence sent, or a negative code when nothing was sent.
     */
    public long offerRecord(
        final long clientSequence,
        final int streamId,
        final long eventTimestampNs,
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        return offerRecord(clientSequence, streamId, NO_PARTITION, eventTimestampNs, key, keyOffset, keyLength,
            payload, payloadOffset, payloadLength);
    }

    private long offerRecord(
        final long clientSequence,
        final int streamId,
        final int partition,
        final long eventTimestampNs,
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final int length = HEADER_LENGTH + RecordEncoder.BLOCK_LENGTH + RecordEncoder.keyHeaderLength() + keyLength +
            RecordEncoder.payloadHeaderLength() + payloadLength;
        if (length > maxMessageLength)
        {
            return MESSAGE_TOO_LARGE;
        }

        if (!transport.canSendCommand(length))
        {
            return Publication.BACK_PRESSURED;
        }

        final MutableDirectBuffer buffer;
        final int offset;
        final boolean claimed = length <= transport.maxClaimLength();
        if (claimed)
        {
            final long position = transport.tryClaim(length, bufferClaim);
            if (position < 0)
            {
                return position;
            }
            buffer = bufferClaim.buffer();
            offset = bufferClaim.offset() + transport.claimHeaderLength();
        }
        else
        {
            buffer = sendBuffer;
            offset = 0;
        }

        recordEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .clientId(clientId)
            .clientSequence(clientSequence)
            .streamId(streamId)
            .eventTimestampNs(eventTimestampNs)
            .partition(partition);
        if (keyLength > 0)
        {
            recordEncoder.putKey(key, keyOffset, keyLength);
        }
        else
        {
            recordEncoder.putKey(sendBuffer, 0, 0);
        }
        recordEncoder.putPayload(payload, payloadOffset, payloadLength);

        if (claimed)
        {
            transport.onCommandSent(buffer, offset, length);
            bufferClaim.commit();
            return clientSequence;
        }

        final long position = transport.offer(sendBuffer, 0, length);
        if (position < 0)
        {
            return position;
        }
        transport.onCommandSent(sendBuffer, 0, length);
        return clientSequence;
    }

    /**
     * Send a record with the next client sequence, retrying while back-pressured, polling egress into the listener
     * meanwhile, until sent or the send timeout passes.
     *
     * @param streamId         of the record.
     * @param eventTimestampNs event time the record carries.
     * @param key              buffer of the key (may be null when keyLength is 0).
     * @param keyOffset        of the key.
     * @param keyLength        of the key.
     * @param payload          buffer of the payload.
     * @param payloadOffset    of the payload.
     * @param payloadLength    of the payload.
     * @param listener         for egress polled while waiting.
     * @return the client sequence sent, or a negative code ({@link #SEND_TIMEOUT} and the like) when not sent.
     */
    public long sendRecord(
        final int streamId,
        final long eventTimestampNs,
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final EgressListener listener)
    {
        return sendRecordTo(streamId, NO_PARTITION, eventTimestampNs, key, keyOffset, keyLength, payload,
            payloadOffset, payloadLength, listener);
    }

    /**
     * {@link #sendRecord} to a partition of the caller's choosing.
     *
     * @param streamId         of the record.
     * @param partition        of the stream to append to, or {@link #NO_PARTITION} for the node to choose.
     * @param eventTimestampNs event time the record carries.
     * @param key              buffer of the key (may be null when keyLength is 0).
     * @param keyOffset        of the key.
     * @param keyLength        of the key.
     * @param payload          buffer of the payload.
     * @param payloadOffset    of the payload.
     * @param payloadLength    of the payload.
     * @param listener         for egress polled while waiting.
     * @return the client sequence sent, or a negative code ({@link #SEND_TIMEOUT} and the like) when not sent.
     */
    public long sendRecordTo(
        final int streamId,
        final int partition,
        final long eventTimestampNs,
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final EgressListener listener)
    {
        beginSend();
        while (retryAfter(offerRecordTo(streamId, partition, eventTimestampNs, key, keyOffset, keyLength, payload,
            payloadOffset, payloadLength), listener))
        {
            continue;
        }
        return sendResult;
    }

    /**
     * One attempt to send a fixed-length command (an {@link OrderCommand}, say) with the next client sequence.
     *
     * @param command to send.
     * @return the client sequence sent, or a negative code ({@link Publication#BACK_PRESSURED} and the like,
     * {@link #MESSAGE_TOO_LARGE}) when nothing was sent.
     */
    public long offerCommand(final CommandWriter command)
    {
        final int length = command.length();
        if (length > maxMessageLength || length > transport.maxClaimLength())
        {
            return MESSAGE_TOO_LARGE;
        }

        if (!transport.canSendCommand(length))
        {
            return Publication.BACK_PRESSURED;
        }
        final long position = transport.tryClaim(length, bufferClaim);
        if (position < 0)
        {
            return position;
        }
        final long clientSequence = nextClientSequence++;
        final int offset = bufferClaim.offset() + transport.claimHeaderLength();
        command.write(bufferClaim.buffer(), offset, clientId, clientSequence);
        transport.onCommandSent(bufferClaim.buffer(), offset, length);
        bufferClaim.commit();
        return clientSequence;
    }

    /**
     * Send a fixed-length command with the next client sequence, retrying while back-pressured, polling egress into
     * the listener meanwhile, until sent or the send timeout passes.
     *
     * @param command  to send.
     * @param listener for egress polled while waiting.
     * @return the client sequence sent, or a negative code ({@link #SEND_TIMEOUT} and the like) when not sent.
     */
    public long sendCommand(final CommandWriter command, final EgressListener listener)
    {
        beginSend();
        while (retryAfter(offerCommand(command), listener))
        {
            continue;
        }
        return sendResult;
    }

    /**
     * Create a stream on the node, and wait until it is sequenced and journaled: records may name it from then on,
     * and the node lists it. Only a principal given every account may create one where the node has principals.
     *
     * @param command   the stream to create.
     * @param timeoutNs to wait for the node's answer.
     * @return the engine sequence of the creation.
     * @throws IllegalStateException with the node's reason when it refuses ({@code STREAM_EXISTS},
     *                               {@code INVALID_STREAM}, {@code NOT_AUTHORIZED}), or does not answer in time.
     */
    public long createStream(final CreateStreamCommand command, final long timeoutNs)
    {
        final long[] engineSequence = { -1 };
        final String[] refusal = new String[1];
        final long[] sent = { -1 };
        final EgressListener listener = new EgressListener()
        {
            public void onAck(
                final long clientSequence,
                final long ackEngineSequence,
                final long timestampNs,
                final boolean duplicate)
            {
                if (clientSequence == sent[0])
                {
                    engineSequence[0] = ackEngineSequence;
                }
            }

            public void onReject(
                final long clientSequence,
                final RejectReason reason,
                final int rejectedTemplateId,
                final String detail)
            {
                if (clientSequence == sent[0])
                {
                    refusal[0] = reason + ": " + detail;
                }
            }
        };
        sent[0] = sendCommand(command, listener);
        if (sent[0] < 0)
        {
            throw new IllegalStateException("the creation of stream '" + command.name() + "' could not be sent: " +
                sent[0]);
        }
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (engineSequence[0] < 0 && null == refusal[0])
        {
            if (0 == poll(listener, 16))
            {
                awaitTick(deadlineNs, "the node's answer to the creation of stream '" + command.name() + "'");
            }
        }
        if (null != refusal[0])
        {
            throw new IllegalStateException("the node refused to create stream '" + command.name() + "': " +
                refusal[0]);
        }
        return engineSequence[0];
    }

    /**
     * Subscribe to one of the node's output streams (market data, pipeline results): on the configured output
     * channel from a standalone node; from a cluster, on every member's output channel (the leader publishes; see
     * {@link ProtocolDefaults#CLUSTER_OUTPUT_PORT_OFFSET}). Poll it with a {@code FragmentAssembler}; {@link #poll}
     * does the client's Aeron housekeeping that brings its images in.
     *
     * @param outputStreamId stream to receive.
     * @return the subscription, closed with the client.
     */
    public OutputSubscription subscribeOutput(final int outputStreamId)
    {
        return new OutputSubscription(aeron, ctx.outputChannels(), ctx.clusterMemberIds(), outputStreamId,
            transport::leaderMemberId);
    }

    /**
     * Follow a stream of the node's log (docs/log.md): its log server sends the history from the journal, then the
     * records appended live, on a response channel of the follower's own, with this client's credentials. Poll the
     * follower; its {@link LogFollower#poll} does this client's Aeron housekeeping too. A cluster client follows the
     * member given by {@link Context#logServerEndpoint(String)}.
     *
     * @param streamId  to follow.
     * @param partition to follow, or {@link LogFollower#EVERY_PARTITION}.
     * @param from      where to start.
     * @param fromValue the offset ({@link FollowFrom#OFFSET}) or the time in ns ({@link FollowFrom#TIME}); else 0.
     * @return the follower: close it before the client.
     */
    public LogFollower follow(final int streamId, final int partition, final FollowFrom from, final long fromValue)
    {
        return follow(FollowSource.RECORDS, streamId, partition, from, fromValue);
    }

    /**
     * Follow an output stream of the node's output log (pipeline results, market data; docs/log.md): the results
     * from the start, then live, each a {@link FollowedRecord} whose payload is the output as the node published it
     * (an {@code OutputRecord} for a pipeline's: {@link OutputRecords#decode}).
     *
     * @param outputStreamId to follow.
     * @param from           where to start: earliest, latest, an offset of the output stream, or a time.
     * @param fromValue      the offset or the time in ns; else 0.
     * @return the follower: close it before the client.
     */
    public LogFollower followOutput(final int outputStreamId, final FollowFrom from, final long fromValue)
    {
        return follow(FollowSource.OUTPUTS, outputStreamId, 0, from, fromValue);
    }

    /**
     * Ask the node's log server for its streams and partitions with their offsets, and wait for the answer.
     *
     * @param timeoutNs to wait.
     * @return the listing.
     * @throws IllegalStateException when the node refuses (with its reason) or does not answer in time.
     */
    public StreamsListing listStreams(final long timeoutNs)
    {
        final StreamsListDecoder decoder = new StreamsListDecoder();
        return askLogServer(timeoutNs, "streams", StreamsListDecoder.TEMPLATE_ID,
            (request, correlationId, responseChannel, credentials) ->
            {
                final ListStreamsEncoder encoder = new ListStreamsEncoder()
                    .wrapAndApplyHeader(request, 0, new MessageHeaderEncoder())
                    .correlationId(correlationId)
                    .responseStreamId(ProtocolDefaults.FOLLOW_RESPONSE_STREAM_ID)
                    .responseChannel(responseChannel)
                    .putCredentials(credentials, 0, credentials.length);
                return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            },
            (buffer, offset, header, correlationId, refusal) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                if (decoder.correlationId() != correlationId)
                {
                    return null;
                }
                final long engineSequence = decoder.engineSequence();
                final List<StreamsListing.Partition> partitions = new ArrayList<>();
                for (final StreamsListDecoder.PartitionsDecoder partition : decoder.partitions())
                {
                    partitions.add(new StreamsListing.Partition(partition.streamId(), partition.partition(),
                        partition.firstOffset(), partition.endOffset(), partition.lastAppendNs()));
                }
                final String streams = decoder.streams();
                refusal[0] = decoder.refusal();
                return new StreamsListing(streams, engineSequence, List.copyOf(partitions));
            });
    }

    /**
     * Ask the node's log server for its consumer groups (members, assignments, committed and end offsets), as its
     * engine has them, and wait for the answer.
     *
     * @param timeoutNs to wait.
     * @return the listing.
     * @throws IllegalStateException when the node refuses (with its reason) or does not answer in time.
     */
    public GroupsListing listGroups(final long timeoutNs)
    {
        final GroupsListDecoder decoder = new GroupsListDecoder();
        return askLogServer(timeoutNs, "groups", GroupsListDecoder.TEMPLATE_ID,
            (request, correlationId, responseChannel, credentials) ->
            {
                final ListGroupsEncoder encoder = new ListGroupsEncoder()
                    .wrapAndApplyHeader(request, 0, new MessageHeaderEncoder())
                    .correlationId(correlationId)
                    .responseStreamId(ProtocolDefaults.FOLLOW_RESPONSE_STREAM_ID)
                    .responseChannel(responseChannel)
                    .putCredentials(credentials, 0, credentials.length);
                return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            },
            (buffer, offset, header, correlationId, refusal) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                if (decoder.correlationId() != correlationId)
                {
                    return null;
                }
                final long engineSequence = decoder.engineSequence();
                final long timestampNs = decoder.timestampNs();
                final List<GroupsListing.Group> groups = new ArrayList<>();
                for (final GroupsListDecoder.GroupsDecoder group : decoder.groups())
                {
                    final int streamId = group.streamId();
                    final int generation = group.generation();
                    final long emptySinceNs = group.emptySinceNs();
                    final List<GroupsListing.Member> members = new ArrayList<>();
                    for (final GroupsListDecoder.GroupsDecoder.MembersDecoder member : group.members())
                    {
                        final int[] partitions = new int[member.partitionCount()];
                        for (int i = 0; i < partitions.length; i++)
                        {
                            partitions[i] = member.firstPartition() + i;
                        }
                        members.add(new GroupsListing.Member(member.clientId(), member.lastSeenNs(),
                            member.sessionTimeoutNs(), partitions));
                    }
                    final List<GroupsListing.Partition> partitions = new ArrayList<>();
                    for (final GroupsListDecoder.GroupsDecoder.PartitionsDecoder partition : group.partitions())
                    {
                        partitions.add(new GroupsListing.Partition(partition.partition(), partition.owner(),
                            partition.committedOffset(), partition.endOffset()));
                    }
                    groups.add(new GroupsListing.Group(group.name(), streamId, generation, emptySinceNs,
                        List.copyOf(members), List.copyOf(partitions)));
                }
                final String streams = decoder.streams();
                refusal[0] = decoder.refusal();
                return new GroupsListing(streams, List.copyOf(groups), engineSequence, timestampNs);
            });
    }

    /** Writes a listing request for the log server. */
    @FunctionalInterface
    private interface ListRequestWriter
    {
        int write(MutableDirectBuffer request, long correlationId, String responseChannel, byte[] credentials);
    }

    /** Reads the log server's answer to a listing request: null when it answers another request. */
    @FunctionalInterface
    private interface ListReplyReader<T>
    {
        T read(DirectBuffer buffer, int offset, MessageHeaderDecoder header, long correlationId, String[] refusal);
    }

    /**
     * Send a listing request to the node's log server on its follow stream, with a response channel of this
     * client's own, and wait for the answer with the request's correlation id.
     */
    private <T> T askLogServer(
        final long timeoutNs,
        final String what,
        final int replyTemplateId,
        final ListRequestWriter requestWriter,
        final ListReplyReader<T> replyReader)
    {
        final String logServer = logServerChannel();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        final long correlationId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        final String channel = LogFollower.responseChannelFor(logServer, responseHost());
        final List<T> answer = new ArrayList<>(1);
        final String[] refusal = new String[1];
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, fragment) ->
        {
            header.wrap(buffer, offset);
            if (replyTemplateId == header.templateId() && MessageHeaderDecoder.SCHEMA_ID == header.schemaId())
            {
                final T reply = replyReader.read(buffer, offset, header, correlationId, refusal);
                if (null != reply)
                {
                    answer.add(reply);
                }
            }
        });
        try (Subscription responses = aeron.addSubscription(channel, ProtocolDefaults.FOLLOW_RESPONSE_STREAM_ID);
            ExclusivePublication requests = aeron.addExclusivePublication(
                logServer, ProtocolDefaults.FOLLOW_STREAM_ID))
        {
            String responseChannel;
            while (null == (responseChannel = LogFollower.resolved(responses)))
            {
                awaitTick(deadlineNs, "the response channel of a list of " + what);
            }
            final UnsafeBuffer request = new UnsafeBuffer(new byte[1024]);
            final int length = requestWriter.write(request, correlationId, responseChannel, ctx.credentials());
            while (requests.offer(request, 0, length) < 0)
            {
                awaitTick(deadlineNs, "the node's log server at " + logServer);
            }
            while (answer.isEmpty())
            {
                if (0 == responses.poll(assembler, 16))
                {
                    awaitTick(deadlineNs, "the node's list of its " + what);
                }
            }
        }
        if (!refusal[0].isEmpty())
        {
            throw new IllegalStateException("the node refused to list its " + what + ": " + refusal[0]);
        }
        return answer.get(0);
    }

    /**
     * @return the channel of the log server to follow and list from: a standalone node's ingress, or the log server
     * endpoint of a cluster member given in the context.
     * @throws IllegalStateException for a cluster client given none.
     */
    private String logServerChannel()
    {
        if (null != ctx.logServerEndpoint())
        {
            return "aeron:udp?endpoint=" + ctx.logServerEndpoint();
        }
        if (ctx.isClustered())
        {
            throw new IllegalStateException("a cluster's log is read from a member's log server: give its endpoint " +
                "(Context.logServerEndpoint; 'consume --log-endpoint host:port'; the member's 'cluster-node " +
                "--log-endpoint')");
        }
        return ctx.ingressChannel();
    }

    private String responseHost()
    {
        return ChannelUri.parse(ctx.responseChannel()).isUdp() ?
            ChannelUri.parse(ctx.responseChannel()).get(CommonContext.ENDPOINT_PARAM_NAME).split(":")[0] :
            "localhost";
    }

    private LogFollower follow(
        final FollowSource source, final int streamId, final int partition, final FollowFrom from, final long fromValue)
    {
        return new LogFollower(aeron, this::housekeeping, logServerChannel(), responseHost(), ctx.credentials(),
            source, streamId, partition, from, fromValue);
    }

    /**
     * One attempt to send an already encoded message exactly as given: any ingress command, or bytes that are not
     * one (for tools that test a node's handling of bad input).
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message.
     * @return the new stream position, or a negative {@link Publication} code when not sent.
     */
    public long offerRaw(final DirectBuffer buffer, final int offset, final int length)
    {
        return transport.offer(buffer, offset, length);
    }

    /**
     * Send an encoded message, retrying while back-pressured until sent or the send timeout passes.
     *
     * @param buffer   holding the message.
     * @param offset   of the message.
     * @param length   of the message.
     * @param listener for egress polled while waiting.
     * @return the new stream position, or a negative code when not sent.
     */
    public long sendRaw(final DirectBuffer buffer, final int offset, final int length, final EgressListener listener)
    {
        beginSend();
        while (retryAfter(transport.offer(buffer, offset, length), listener))
        {
            continue;
        }
        return sendResult;
    }

    /**
     * Deliver what the node has sent, and do this client's Aeron housekeeping. Call regularly.
     *
     * @param listener      for acks, rejects and results; null to discard them.
     * @param fragmentLimit most fragments to take.
     * @return work done.
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        // An embedded driver moves the bytes (UDP): it runs on every poll.
        int workCount = null != driverInvoker ? driverInvoker.invoke() : 0;

        this.listener = listener;
        final int fragments = transport.poll(fragmentLimit);
        this.listener = null;

        // The client conductor's housekeeping (keepalives, timeouts, due in hundreds of milliseconds) when the poll
        // found nothing, and every CONDUCTOR_POLLS polls while busy: it cost a busy sender a quarter of its time.
        if (0 == fragments || ++pollsSinceConductor >= CONDUCTOR_POLLS)
        {
            pollsSinceConductor = 0;
            workCount += conductorInvoker.invoke();
        }

        return workCount + fragments;
    }

    /**
     * @return true while the node's ingress is reachable.
     */
    public boolean isConnected()
    {
        return transport.isConnected();
    }

    /**
     * Tell the node this session ends, then release the Aeron resources (and the embedded driver).
     */
    public void close()
    {
        if (aeron.isClosed())
        {
            return;
        }

        try
        {
            final int length = HEADER_LENGTH + DisconnectEncoder.BLOCK_LENGTH;
            new DisconnectEncoder().wrapAndApplyHeader(sendBuffer, 0, headerEncoder).clientId(clientId);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (transport.isConnected() && transport.offer(sendBuffer, 0, length) < 0 &&
                System.nanoTime() - deadlineNs < 0)
            {
                poll(null, 16);
            }
        }
        finally
        {
            CloseHelper.quietCloseAll(transport, aeron, driver);
        }
    }

    private void beginSend()
    {
        retryDeadlineNs = 0;
        retryIdle.reset();
    }

    /**
     * The back-pressure loop of every send: after a refused offer, poll egress (the node may be waiting on us) and
     * idle, until the send timeout. The outcome is left in {@link #sendResult}.
     *
     * @return true to offer again; false when the result is final or the send timed out.
     */
    private boolean retryAfter(final long result, final EgressListener listener)
    {
        if (result >= 0 || (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result))
        {
            sendResult = result;
            return false;
        }

        final long nowNs = System.nanoTime();
        if (0 == retryDeadlineNs)
        {
            retryDeadlineNs = nowNs + ctx.sendTimeoutNs();
        }
        else if (nowNs - retryDeadlineNs > 0)
        {
            sendResult = SEND_TIMEOUT;
            return false;
        }
        retryIdle.idle(poll(listener, 64));

        return true;
    }

    private void sendConnect(final String responseChannel, final long deadlineNs)
    {
        final int length = encodeConnect(sendBuffer, responseChannel);
        while (transport.offer(sendBuffer, 0, length) < 0)
        {
            awaitTick(deadlineNs, "Connect to be sent");
        }
    }

    private int encodeConnect(final MutableDirectBuffer buffer, final String responseChannel)
    {
        final ConnectEncoder connect = new ConnectEncoder();
        final byte[] credentials = ctx.credentials();
        connect.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .clientId(clientId)
            .responseStreamId(ctx.responseStreamId())
            .responseChannel(responseChannel)
            .putCredentials(credentials, 0, credentials.length);
        return HEADER_LENGTH + connect.encodedLength();
    }

    private void housekeeping()
    {
        if (null != driverInvoker)
        {
            driverInvoker.invoke();
        }
        conductorInvoker.invoke();
    }

    private void awaitTick(final long deadlineNs, final String what)
    {
        if (System.nanoTime() - deadlineNs > 0)
        {
            throw new IllegalStateException("timed out waiting for " + what + " (client " + clientId + ")");
        }
        if (null != driverInvoker)
        {
            driverInvoker.invoke();
        }
        conductorInvoker.invoke();
        Thread.yield();
    }

    private void onEgress(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }

        final int bodyOffset = offset + HEADER_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final EgressListener listener = this.listener;
        switch (headerDecoder.templateId())
        {
            case AckDecoder.TEMPLATE_ID:
                ackDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (ackDecoder.clientId() == clientId)
                {
                    transport.onAnswered(ackDecoder.clientSequence());
                }
                if (ackDecoder.clientId() == clientId && null != listener)
                {
                    listener.onAck(ackDecoder.clientSequence(), ackDecoder.engineSequence(), ackDecoder.timestampNs(),
                        AckStatus.DUPLICATE == ackDecoder.status(), ackDecoder.partition(),
                        ackDecoder.partitionOffset());
                }
                break;

            case RejectDecoder.TEMPLATE_ID:
                rejectDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (rejectDecoder.clientId() == clientId)
                {
                    if (Long.MIN_VALUE == lastClientSequenceAtConnect &&
                        rejectDecoder.rejectedTemplateId() == io.streamflow.sbe.ConnectDecoder.TEMPLATE_ID)
                    {
                        connectRefusal = rejectDecoder.reason();
                    }
                    else
                    {
                        transport.onAnswered(rejectDecoder.clientSequence());
                        if (null != listener)
                        {
                            listener.onReject(rejectDecoder.clientSequence(), rejectDecoder.reason(),
                                rejectDecoder.rejectedTemplateId(), rejectDecoder.detail());
                        }
                    }
                }
                break;

            case ConnectAckDecoder.TEMPLATE_ID:
                connectAckDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (connectAckDecoder.clientId() == clientId)
                {
                    lastClientSequenceAtConnect = connectAckDecoder.lastClientSequence();
                    maxMessageLength = connectAckDecoder.maxMessageLength();
                }
                break;

            case ExecutionReportDecoder.TEMPLATE_ID:
                if (buffer.getLong(bodyOffset, ByteOrder.LITTLE_ENDIAN) == clientId)
                {
                    transport.onAnswered(
                        buffer.getLong(offset + UnansweredCommands.CLIENT_SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN));
                }
                if (null != listener)
                {
                    listener.onMessage(headerDecoder.templateId(), buffer, offset, length);
                }
                break;

            default:
                if (null != listener)
                {
                    listener.onMessage(headerDecoder.templateId(), buffer, offset, length);
                }
                break;
        }
    }

    /**
     * Configuration of a client; {@link #conclude()} validates it and fills in what follows from the rest.
     */
    public static final class Context
    {
        private String aeronDirectoryName = CommonContext.getAeronDirectoryName() + ProtocolDefaults.AERON_DIR_SUFFIX;
        private boolean embeddedDriver;
        private String ingressChannel = CommonContext.IPC_CHANNEL;
        private int ingressStreamId = ProtocolDefaults.INGRESS_STREAM_ID;
        private String responseChannel;
        private int responseStreamId = ProtocolDefaults.EGRESS_STREAM_ID;
        private long clientId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private long sendTimeoutNs = TimeUnit.SECONDS.toNanos(5);
        private byte[] credentials = new byte[0];
        private String outputChannel = ProtocolDefaults.OUTPUT_SUBSCRIPTION_CHANNEL;
        private String clusterIngressEndpoints;
        private String logServerEndpoint;
        private int maxUnansweredBytes = 64 * 1024 * 1024;

        /**
         * Validate and derive: the response channel defaults to IPC (isolated by a session id) for an IPC ingress,
         * and to an ephemeral UDP port on localhost for a UDP ingress or a cluster.
         *
         * @return this for a fluent API.
         */
        public Context conclude()
        {
            final ChannelUri ingressUri = ChannelUri.parse(ingressChannel);
            if (null == responseChannel)
            {
                responseChannel = !isClustered() && ingressUri.isIpc() ?
                    "aeron:ipc?session-id=" + ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE) :
                    "aeron:udp?endpoint=localhost:0";
            }
            ChannelUri.parse(responseChannel);
            if (isClustered())
            {
                try
                {
                    outputChannels();
                    clusterMemberIds();
                }
                catch (final RuntimeException ex)
                {
                    throw new IllegalArgumentException("cluster ingress endpoints must be id=host:port,...: " +
                        clusterIngressEndpoints, ex);
                }
            }
            if (clientId < 0)
            {
                throw new IllegalArgumentException("client id must not be negative: " + clientId);
            }
            return this;
        }

        /**
         * @param clusterIngressEndpoints the cluster members' ingress endpoints, {@code id=host:port,...}: the client
         *                                then connects to a clustered node through Aeron Cluster and follows its
         *                                leader; null (the default) for a standalone node at the ingress channel.
         * @return this for a fluent API.
         */
        public Context clusterIngressEndpoints(final String clusterIngressEndpoints)
        {
            this.clusterIngressEndpoints = clusterIngressEndpoints;
            return this;
        }

        /**
         * @return the cluster members' ingress endpoints, or null for a standalone node.
         */
        public String clusterIngressEndpoints()
        {
            return clusterIngressEndpoints;
        }

        /**
         * @param maxUnansweredBytes the most that commands sent to a cluster and not yet answered may take: they
         *                           are kept to be sent again to a new leader; beyond it a send is back-pressured.
         * @return this for a fluent API.
         */
        public Context maxUnansweredBytes(final int maxUnansweredBytes)
        {
            this.maxUnansweredBytes = maxUnansweredBytes;
            return this;
        }

        /**
         * @return the most that unanswered commands to a cluster may take.
         */
        public int maxUnansweredBytes()
        {
            return maxUnansweredBytes;
        }

        /**
         * @return true when the client connects to a clustered node.
         */
        public boolean isClustered()
        {
            return null != clusterIngressEndpoints;
        }

        /**
         * @param outputChannel subscription channel of the node's output streams (by default the node's default
         *                      UDP multi-destination-cast, joined through its control endpoint).
         * @return this for a fluent API.
         */
        public Context outputChannel(final String outputChannel)
        {
            this.outputChannel = outputChannel;
            return this;
        }

        /**
         * @return subscription channel of the node's output streams.
         */
        public String outputChannel()
        {
            return outputChannel;
        }

        /**
         * @return ids of the cluster's members, in the order of {@link #outputChannels()}; empty for a standalone
         * node.
         */
        public int[] clusterMemberIds()
        {
            if (!isClustered())
            {
                return new int[0];
            }
            final String[] members = clusterIngressEndpoints.split(",");
            final int[] ids = new int[members.length];
            for (int i = 0; i < members.length; i++)
            {
                ids[i] = Integer.parseInt(members[i].substring(0, members[i].indexOf('=')).strip());
            }
            return ids;
        }

        /**
         * @return the channels to subscribe to an output stream on: the output channel for a standalone node; for a
         * cluster, one per member, joining its output control endpoint from the response channel's host.
         */
        public String[] outputChannels()
        {
            if (!isClustered())
            {
                return new String[]{ outputChannel };
            }
            final String responseEndpoint = ChannelUri.parse(responseChannel).get(CommonContext.ENDPOINT_PARAM_NAME);
            final String localHost = null == responseEndpoint ? "localhost" :
                responseEndpoint.substring(0, responseEndpoint.lastIndexOf(':'));
            final String[] members = clusterIngressEndpoints.split(",");
            final String[] channels = new String[members.length];
            for (int i = 0; i < members.length; i++)
            {
                final String endpoint = members[i].substring(members[i].indexOf('=') + 1);
                final int colon = endpoint.lastIndexOf(':');
                final int port = Integer.parseInt(endpoint.substring(colon + 1)) +
                    ProtocolDefaults.CLUSTER_OUTPUT_PORT_OFFSET;
                channels[i] = "aeron:udp?endpoint=" + localHost + ":0|control=" + endpoint.substring(0, colon) + ":" +
                    port + "|control-mode=dynamic";
            }
            return channels;
        }

        /**
         * @param aeronDirectoryName of the media driver to use (the node's, for IPC).
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * @return directory of the media driver to use.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param embeddedDriver whether to run a media driver of the client's own (for UDP from another process).
         * @return this for a fluent API.
         */
        public Context embeddedDriver(final boolean embeddedDriver)
        {
            this.embeddedDriver = embeddedDriver;
            return this;
        }

        /**
         * @return whether the client runs its own media driver.
         */
        public boolean embeddedDriver()
        {
            return embeddedDriver;
        }

        /**
         * @param logServerEndpoint host:port of the log server to follow and list from: a cluster member's
         *                          ({@code cluster-node --log-endpoint}); null (the default) for the node's ingress.
         * @return this for a fluent API.
         */
        public Context logServerEndpoint(final String logServerEndpoint)
        {
            this.logServerEndpoint = logServerEndpoint;
            return this;
        }

        /**
         * @return host:port of the log server to follow and list from, null for the node's ingress.
         */
        public String logServerEndpoint()
        {
            return logServerEndpoint;
        }

        /**
         * @param ingressChannel of the node: {@code aeron:ipc} or {@code aeron:udp?endpoint=host:port}.
         * @return this for a fluent API.
         */
        public Context ingressChannel(final String ingressChannel)
        {
            this.ingressChannel = ingressChannel;
            return this;
        }

        /**
         * @return channel of the node's ingress.
         */
        public String ingressChannel()
        {
            return ingressChannel;
        }

        /**
         * @param ingressStreamId of the node's ingress.
         * @return this for a fluent API.
         */
        public Context ingressStreamId(final int ingressStreamId)
        {
            this.ingressStreamId = ingressStreamId;
            return this;
        }

        /**
         * @return stream id of the node's ingress.
         */
        public int ingressStreamId()
        {
            return ingressStreamId;
        }

        /**
         * @param responseChannel the node answers on.
         * @return this for a fluent API.
         */
        public Context responseChannel(final String responseChannel)
        {
            this.responseChannel = responseChannel;
            return this;
        }

        /**
         * @return channel the node answers on.
         */
        public String responseChannel()
        {
            return responseChannel;
        }

        /**
         * @param responseStreamId the node answers on.
         * @return this for a fluent API.
         */
        public Context responseStreamId(final int responseStreamId)
        {
            this.responseStreamId = responseStreamId;
            return this;
        }

        /**
         * @return stream id the node answers on.
         */
        public int responseStreamId()
        {
            return responseStreamId;
        }

        /**
         * @param clientId producer id; keep it across restarts for exactly-once resends.
         * @return this for a fluent API.
         */
        public Context clientId(final long clientId)
        {
            this.clientId = clientId;
            return this;
        }

        /**
         * @return producer id of the client.
         */
        public long clientId()
        {
            return clientId;
        }

        /**
         * @param connectTimeoutNs to reach the node and be acknowledged.
         * @return this for a fluent API.
         */
        public Context connectTimeoutNs(final long connectTimeoutNs)
        {
            this.connectTimeoutNs = connectTimeoutNs;
            return this;
        }

        /**
         * @return time allowed to reach the node and be acknowledged.
         */
        public long connectTimeoutNs()
        {
            return connectTimeoutNs;
        }

        /**
         * @param principal the client authenticates as, at Connect: one of the node's credentials file.
         * @param secret    of the principal.
         * @return this for a fluent API.
         */
        public Context credentials(final String principal, final String secret)
        {
            this.credentials = (principal + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return this;
        }

        /**
         * @return the credentials presented at Connect (principal:secret, UTF-8), empty for none.
         */
        public byte[] credentials()
        {
            return credentials.clone();
        }

        /**
         * @param sendTimeoutNs a send retries for before giving up.
         * @return this for a fluent API.
         */
        public Context sendTimeoutNs(final long sendTimeoutNs)
        {
            this.sendTimeoutNs = sendTimeoutNs;
            return this;
        }

        /**
         * @return time a send retries for before giving up.
         */
        public long sendTimeoutNs()
        {
            return sendTimeoutNs;
        }
    }
}
