package io.streamflow.gateway;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.DisconnectEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RejectDecoder;
import io.streamflow.sbe.RejectEncoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One TCP client of the binary gateway, and its session with the node: an exclusive publication to the node's
 * ingress and a subscription of its own on the gateway's response channel, opened at its {@code Connect}.
 * <pre>
 *   LOGON      until the first frame: it must be a Connect
 *   CONNECTING the publication to the node connects; further frames wait in the inbound buffer
 *   OPEN       frames go to the node as they are; what the node sends the session goes to the client
 *   CLOSED     the socket, the publication and the subscription are closed; the node was sent a Disconnect
 * </pre>
 * Bounded both ways: a frame waits in the inbound buffer while the node back-pressures (and the socket's buffers then
 * back-pressure the client); what the client does not read waits in the outbound buffer, and a client that lets it
 * fill is disconnected, so that it never stalls the gateway or the node.
 * <p>
 * The gateway's thread only.
 */
final class BinaryConnection
{
    private static final int LOGON = 0;
    private static final int CONNECTING = 1;
    private static final int OPEN = 2;
    private static final int CLOSED = 3;
    private static final int FRAGMENT_LIMIT = 16;
    private static final int REJECT_DETAIL_MAX = 160;
    /** How long a connection being closed with a reason waits for the client to read it. */
    private static final long LINGER_NS = 1_000_000_000L;

    private final BinaryGateway.Context ctx;
    private final GatewayCounters counters;
    private final Aeron aeron;
    private final SocketChannel socket;
    private final int responseStreamId;
    private final ByteBuffer inbound;
    private final UnsafeBuffer inboundView;
    private final ByteBuffer outbound;
    private final UnsafeBuffer outboundView;
    private final UnsafeBuffer sendBuffer;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectDecoder connect = new ConnectDecoder();
    private final RejectDecoder rejectDecoder = new RejectDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onResponse);
    private int state = LOGON;
    private long clientId;
    private byte[] credentials;
    private long ingressRegistration = Aeron.NULL_VALUE;
    private long responsesRegistration = Aeron.NULL_VALUE;
    private ExclusivePublication ingress;
    private Subscription responses;
    private String responseChannel;
    private long connectDeadlineNs;
    private long lastReadNs;
    private long lastWriteNs;
    private boolean closeWhenFlushed;
    private long closeDeadlineNs;
    private String closeReason;

    BinaryConnection(
        final BinaryGateway.Context ctx,
        final GatewayCounters counters,
        final Aeron aeron,
        final SocketChannel socket,
        final int responseStreamId,
        final long nowNs)
    {
        this.ctx = ctx;
        this.counters = counters;
        this.aeron = aeron;
        this.socket = socket;
        this.responseStreamId = responseStreamId;
        inbound = ByteBuffer.allocateDirect(BinaryFrames.LENGTH_FIELD + ctx.maxFrameLength());
        inboundView = new UnsafeBuffer(inbound);
        outbound = ByteBuffer.allocateDirect(ctx.outboundBufferLength()).order(BinaryFrames.BYTE_ORDER);
        outboundView = new UnsafeBuffer(outbound);
        sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(ctx.maxFrameLength() + 1024));
        lastReadNs = nowNs;
        lastWriteNs = nowNs;
    }

    /**
     * @return true once closed.
     */
    boolean isClosed()
    {
        return CLOSED == state;
    }

    /**
     * @return why it closed, null while open or when the client went away.
     */
    String closeReason()
    {
        return closeReason;
    }

    /**
     * One duty cycle: connect to the node, take the client's frames, pass on the node's answers, heartbeat, flush.
     *
     * @param nowNs the gateway's clock.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        if (CLOSED == state)
        {
            return 0;
        }
        int work = 0;
        try
        {
            if (CONNECTING == state)
            {
                work += awaitNode(nowNs);
            }
            if (!closeWhenFlushed && CLOSED != state)
            {
                work += readFrames(nowNs);
            }
            if (null != responses && CLOSED != state)
            {
                work += responses.poll(assembler, FRAGMENT_LIMIT);
            }
            if (OPEN == state && nowNs - lastWriteNs >= ctx.heartbeatIntervalNs() &&
                outbound.remaining() >= BinaryFrames.LENGTH_FIELD)
            {
                outbound.putInt(BinaryFrames.HEARTBEAT);
                lastWriteNs = nowNs;
            }
            if (CLOSED != state && !closeWhenFlushed && nowNs - lastReadNs >= ctx.idleTimeoutNs())
            {
                counters.idleClosed.incrementRelease();
                refuse(RejectReason.NOT_CONNECTED, "nothing received for " + ctx.idleTimeoutNs() / 1_000_000 +
                    " ms: send a heartbeat (an empty frame) when idle");
            }
            if (CLOSED != state)
            {
                work += flush(nowNs);
            }
            if (closeWhenFlushed && CLOSED != state)
            {
                if (0 == closeDeadlineNs)
                {
                    closeDeadlineNs = nowNs + LINGER_NS;
                }
                else if (nowNs - closeDeadlineNs > 0)
                {
                    close(closeReason);
                }
            }
        }
        catch (final IOException ex)
        {
            close(null);
        }
        return work;
    }

    /**
     * Close the connection; a client in session is disconnected from the node.
     *
     * @param reason why, for the gateway's log; null when the client went away.
     */
    void close(final String reason)
    {
        if (CLOSED == state)
        {
            return;
        }
        if (OPEN == state && null != ingress && ingress.isConnected())
        {
            final DisconnectEncoder disconnect = new DisconnectEncoder();
            disconnect.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).clientId(clientId);
            ingress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + disconnect.encodedLength());
        }
        state = CLOSED;
        closeReason = reason;
        if (null == ingress && Aeron.NULL_VALUE != ingressRegistration)
        {
            aeron.asyncRemovePublication(ingressRegistration);
        }
        if (null == responses && Aeron.NULL_VALUE != responsesRegistration)
        {
            aeron.asyncRemoveSubscription(responsesRegistration);
        }
        CloseHelper.quietCloseAll(ingress, responses, socket);
        counters.connections.decrementRelease();
        counters.closed.incrementRelease();
    }

    private int readFrames(final long nowNs) throws IOException
    {
        int work = parseFrames();
        if (CONNECTING == state || CLOSED == state || closeWhenFlushed || !inbound.hasRemaining())
        {
            return work;
        }
        final int read = socket.read(inbound);
        if (read < 0)
        {
            if (inbound.position() > 0)
            {
                counters.endedMidFrame.incrementRelease();
            }
            close(inbound.position() > 0 ? "the client closed in the middle of a frame" : null);
            return 1;
        }
        if (read > 0)
        {
            lastReadNs = nowNs;
            work += 1 + parseFrames();
        }
        return work;
    }

    /**
     * Hand on the whole frames the inbound buffer holds, while the node takes them.
     */
    private int parseFrames()
    {
        final int end = inbound.position();
        int offset = 0;
        int frames = 0;
        while (end - offset >= BinaryFrames.LENGTH_FIELD && CLOSED != state && !closeWhenFlushed)
        {
            final int length = inboundView.getInt(offset, BinaryFrames.BYTE_ORDER);
            if (length < 0 || length > ctx.maxFrameLength())
            {
                counters.framesTooLong.incrementRelease();
                refuse(RejectReason.TOO_LARGE, "a frame of " + Integer.toUnsignedString(length) + " bytes; the " +
                    "gateway takes at most " + ctx.maxFrameLength());
                return frames;
            }
            if (end - offset - BinaryFrames.LENGTH_FIELD < length)
            {
                break;
            }
            if (BinaryFrames.HEARTBEAT != length && !onFrame(offset + BinaryFrames.LENGTH_FIELD, length))
            {
                break;
            }
            offset += BinaryFrames.LENGTH_FIELD + length;
            frames++;
        }
        if (offset > 0)
        {
            // Move the rest (a part of the next frame, or frames waiting for the node) to the front.
            inboundView.putBytes(0, inboundView, offset, end - offset);
            inbound.position(end - offset);
        }
        return frames;
    }

    /**
     * @return true when the frame was taken; false to keep it (the node back-pressures, or is not reached yet).
     */
    private boolean onFrame(final int offset, final int length)
    {
        if (LOGON == state)
        {
            return onLogon(offset, length);
        }
        if (OPEN != state)
        {
            return false;
        }
        final long result = ingress.offer(inboundView, offset, length);
        if (result > 0)
        {
            counters.framesIn.incrementRelease();
            return true;
        }
        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            return false;
        }
        refuse(RejectReason.NOT_CONNECTED, "the node is not reachable (" + Publication.errorString(result) + ")");
        return false;
    }

    private boolean onLogon(final int offset, final int length)
    {
        header.wrap(inboundView, offset);
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + ConnectDecoder.BLOCK_LENGTH ||
            header.schemaId() != ConnectDecoder.SCHEMA_ID || header.templateId() != ConnectDecoder.TEMPLATE_ID ||
            header.version() < 2)
        {
            counters.badLogons.incrementRelease();
            refuse(RejectReason.NOT_CONNECTED, "the first frame must be a Connect (schema " +
                ConnectDecoder.SCHEMA_ID + ", template " + ConnectDecoder.TEMPLATE_ID + ", version 2 or later)");
            return false;
        }
        try
        {
            connect.wrap(inboundView, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                header.version());
            clientId = connect.clientId();
            connect.skipResponseChannel();
            credentials = new byte[connect.credentialsLength()];
            connect.getCredentials(credentials, 0, credentials.length);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            counters.badLogons.incrementRelease();
            refuse(RejectReason.TRUNCATED, "the Connect is shorter than its fields say");
            return false;
        }
        // Asynchronously: the gateway's thread never waits for the media driver (it may be the one that runs it).
        responsesRegistration = aeron.asyncAddSubscription(ctx.sessionResponseChannel(), responseStreamId);
        ingressRegistration = aeron.asyncAddExclusivePublication(ctx.sessionIngressChannel(), ctx.ingressStreamId());
        connectDeadlineNs = lastReadNs + ctx.connectTimeoutNs();
        state = CONNECTING;
        return true;
    }

    /**
     * Once the node's ingress and the response channel are ready, send the client's Connect, with the gateway's
     * response channel in place of the one the client named.
     */
    private int awaitNode(final long nowNs)
    {
        if (null == responses)
        {
            responses = aeron.getSubscription(responsesRegistration);
        }
        if (null == ingress)
        {
            ingress = aeron.getExclusivePublication(ingressRegistration);
        }
        if (null == responses || null == ingress)
        {
            if (nowNs - connectDeadlineNs > 0)
            {
                refuse(RejectReason.NOT_CONNECTED, "the gateway's media driver did not open the session's channels");
            }
            return 0;
        }
        if (null == responseChannel)
        {
            responseChannel = ctx.responseChannel().startsWith(CommonContext.UDP_CHANNEL) ?
                responses.tryResolveChannelEndpointPort() : ctx.sessionResponseChannel();
        }
        if (null == responseChannel || !ingress.isConnected())
        {
            if (nowNs - connectDeadlineNs > 0)
            {
                refuse(RejectReason.NOT_CONNECTED, "the node's ingress (" + ctx.ingressChannel() + ") is not " +
                    "reachable");
            }
            return 0;
        }
        final ConnectEncoder encoder = new ConnectEncoder()
            .wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientId(clientId)
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel)
            .putCredentials(credentials, 0, credentials.length);
        final long result = ingress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        if (result > 0)
        {
            java.util.Arrays.fill(credentials, (byte)0);
            counters.framesIn.incrementRelease();
            state = OPEN;
            return 1;
        }
        return 0;
    }

    private void onResponse(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (closeWhenFlushed || CLOSED == state)
        {
            return;
        }
        if (outbound.remaining() < BinaryFrames.LENGTH_FIELD + length)
        {
            counters.slowClients.incrementRelease();
            close("the client did not read what the node sent it: its " + ctx.outboundBufferLength() +
                " byte buffer filled");
            return;
        }
        outbound.putInt(length);
        outboundView.putBytes(outbound.position(), buffer, offset, length);
        outbound.position(outbound.position() + length);
        counters.framesOut.incrementRelease();
        if (isConnectRefusal(buffer, offset, length))
        {
            closeWhenFlushed = true;
            closeReason = "the node refused the Connect";
        }
    }

    private boolean isConnectRefusal(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + RejectDecoder.BLOCK_LENGTH)
        {
            return false;
        }
        this.header.wrap(buffer, offset);
        if (this.header.templateId() != RejectDecoder.TEMPLATE_ID)
        {
            return false;
        }
        rejectDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, this.header.blockLength(),
            this.header.version());
        return rejectDecoder.rejectedTemplateId() == ConnectDecoder.TEMPLATE_ID;
    }

    /**
     * Tell the client why, as a Reject frame, then close once it is flushed (or at once if it does not fit).
     */
    private void refuse(final RejectReason reason, final String detail)
    {
        final String text = detail.length() > REJECT_DETAIL_MAX ? detail.substring(0, REJECT_DETAIL_MAX) : detail;
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + RejectEncoder.BLOCK_LENGTH +
            RejectEncoder.detailHeaderLength() + text.length();
        closeWhenFlushed = true;
        closeReason = text;
        if (outbound.remaining() < BinaryFrames.LENGTH_FIELD + length)
        {
            close(text);
            return;
        }
        outbound.putInt(length);
        new RejectEncoder().wrapAndApplyHeader(outboundView, outbound.position(), headerEncoder)
            .clientId(clientId)
            .clientSequence(-1)
            .reason(reason)
            .rejectedTemplateId(0)
            .detail(text);
        outbound.position(outbound.position() + length);
    }

    private int flush(final long nowNs) throws IOException
    {
        if (0 == outbound.position())
        {
            if (closeWhenFlushed)
            {
                close(closeReason);
            }
            return 0;
        }
        outbound.flip();
        final int written = socket.write(outbound);
        outbound.compact();
        if (written > 0)
        {
            lastWriteNs = nowNs;
        }
        if (closeWhenFlushed && 0 == outbound.position())
        {
            close(closeReason);
        }
        return written > 0 ? 1 : 0;
    }
}
