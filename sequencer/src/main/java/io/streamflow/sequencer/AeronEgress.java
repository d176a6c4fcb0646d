package io.streamflow.sequencer;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.streamflow.engine.BackPressureTimer;
import io.streamflow.engine.ConnectReply;
import io.streamflow.engine.Egress;
import io.streamflow.engine.NodeCounters;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;

/**
 * The standalone node's {@link Egress}: sends each answer to the client it is for, over one exclusive publication per
 * client session (to the response channel the client named in its Connect), and opens and closes those sessions.
 * <p>
 * A back-pressured offer keeps the slot (and so every later one) until it goes through, unless the client has been
 * back-pressuring longer than the slow-client timeout: then its session is closed and its messages counted as
 * undeliverable, so one stalled reader cannot stop the node. A message for a client with no open session is counted
 * and dropped: the client is gone, and on its return it resends and is answered from the dedup table.
 * <p>
 * Output streams (market data, pipeline results) go to {@link OutputStreams}.
 * <p>
 * Not thread safe: runs on the egress thread.
 */
final class AeronEgress implements Egress
{
    static final int EGRESS_TERM_LENGTH = 1024 * 1024;

    private final Aeron aeron;
    private final NodeCounters counters;
    private final ErrorHandler errorHandler;
    private final NanoClock nanoClock;
    private final long connectTimeoutNs;
    private final long slowClientTimeoutNs;
    private final int maxMessageLength;

    private final Long2ObjectHashMap<ClientSession> sessions = new Long2ObjectHashMap<>();
    private final OutputStreams outputs;
    private final ArrayList<ClientSession> awaitingConnection = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectDecoder connect = new ConnectDecoder();
    private final ConnectReply connectReply = new ConnectReply();
    private final ExpandableArrayBuffer replyBuffer = new ExpandableArrayBuffer(256);


    AeronEgress(
        final Aeron aeron,
        final NodeCounters counters,
        final ErrorHandler errorHandler,
        final NanoClock nanoClock,
        final long connectTimeoutNs,
        final long slowClientTimeoutNs,
        final int maxMessageLength,
        final String outputChannel,
        final int[] outputStreamIds)
    {
        this.aeron = aeron;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.nanoClock = nanoClock;
        this.connectTimeoutNs = connectTimeoutNs;
        this.slowClientTimeoutNs = slowClientTimeoutNs;
        this.maxMessageLength = maxMessageLength;
        // Without an output channel, output messages are counted as dropped.
        outputs = new OutputStreams(counters, nanoClock, slowClientTimeoutNs);
        outputs.open(aeron, outputChannel, outputStreamIds);
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return awaitingConnection.isEmpty() ? 0 : completeConnections(nanoClock.nanoTime());
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        for (final ClientSession session : sessions.values())
        {
            CloseHelper.close(session.publication);
        }
        sessions.clear();
        awaitingConnection.clear();
        outputs.close();
    }

    /**
     * {@inheritDoc}
     */
    public void onConnect(
        final long clientId,
        final long sessionId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long lastClientSequence,
        final RejectReason refusal)
    {
        header.wrap(buffer, offset);
        connect.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final int responseStreamId = connect.responseStreamId();
        final String responseChannel = withTermLength(connect.responseChannel());

        closeSession(sessions.get(clientId));

        final ExclusivePublication publication;
        try
        {
            publication = aeron.addExclusivePublication(responseChannel, responseStreamId);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(new IllegalArgumentException(
                "client " + clientId + " connect: cannot publish to " + responseChannel + " stream " +
                responseStreamId, ex));
            return;
        }

        final ClientSession session = new ClientSession(
            clientId, publication, lastClientSequence, refusal, nanoClock.nanoTime() + connectTimeoutNs);
        sessions.put(clientId, session);
        awaitingConnection.add(session);
    }

    /**
     * {@inheritDoc}
     */
    public void onDisconnect(final long clientId)
    {
        closeSession(sessions.get(clientId));
    }

    /**
     * Any thread.
     *
     * @param outputStreamId of an output stream.
     * @return true when the output stream has a subscriber connected.
     */
    boolean isOutputConnected(final int outputStreamId)
    {
        return outputs.isConnected(outputStreamId);
    }

    /**
     * @return sessions currently open or waiting for their client to connect.
     */
    int sessionCount()
    {
        return sessions.size();
    }

    /**
     * {@inheritDoc}
     */
    public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
    {
        final ClientSession session = sessions.get(clientId);
        if (null == session || !session.isOpen)
        {
            counters.egressUndeliverable.incrementRelease();
            return true;
        }

        final long result = session.publication.offer(buffer, offset, length);
        if (result > 0)
        {
            counters.egressMessages.incrementRelease();
            session.backPressure.clear();
            return true;
        }

        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            counters.egressBackPressure.incrementRelease();
            if (session.backPressure.hold(nanoClock.nanoTime(), slowClientTimeoutNs))
            {
                return false;
            }
            counters.sessionsTimedOut.incrementRelease();
        }

        // Not connected, closed, or too slow: the client is gone; it resends on return.
        closeSession(session);
        counters.egressUndeliverable.incrementRelease();
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean sendToOutput(final int outputStreamId, final DirectBuffer buffer, final int offset, final int length)
    {
        return outputs.offer(outputStreamId, buffer, offset, length);
    }

    /**
     * Egress to one client needs little buffer: each session gets {@link #EGRESS_TERM_LENGTH} terms unless the
     * client's channel asks for its own, so a thousand sessions do not take a thousand times the driver default.
     */
    private static String withTermLength(final String channel)
    {
        try
        {
            final ChannelUri uri = ChannelUri.parse(channel);
            if (null == uri.get(CommonContext.TERM_LENGTH_PARAM_NAME))
            {
                uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(EGRESS_TERM_LENGTH));
            }
            return uri.toString();
        }
        catch (final RuntimeException ex)
        {
            return channel;
        }
    }

    private int completeConnections(final long nowNs)
    {
        int workCount = 0;
        for (int i = awaitingConnection.size() - 1; i >= 0; i--)
        {
            final ClientSession session = awaitingConnection.get(i);
            if (session.publication.isConnected() && sendConnectReply(session))
            {
                awaitingConnection.remove(i);
                workCount++;
                if (null == session.refusal)
                {
                    session.isOpen = true;
                    counters.sessionsOpen.incrementRelease();
                }
                else
                {
                    sessions.remove(session.clientId);
                    CloseHelper.close(session.publication);
                }
            }
            else if (nowNs - session.connectDeadlineNs > 0)
            {
                awaitingConnection.remove(i);
                sessions.remove(session.clientId);
                CloseHelper.close(session.publication);
                counters.sessionsTimedOut.incrementRelease();
                workCount++;
            }
        }

        return workCount;
    }

    private boolean sendConnectReply(final ClientSession session)
    {
        final int length = connectReply.encode(
            replyBuffer, session.clientId, session.lastClientSequence, maxMessageLength, session.refusal);
        return session.publication.offer(replyBuffer, 0, length) > 0;
    }

    private void closeSession(final ClientSession session)
    {
        if (null == session)
        {
            return;
        }

        sessions.remove(session.clientId);
        awaitingConnection.remove(session);
        if (session.isOpen)
        {
            counters.sessionsOpen.decrementRelease();
        }
        session.isOpen = false;
        CloseHelper.close(session.publication);
    }

    private static final class ClientSession
    {
        final long clientId;
        final ExclusivePublication publication;
        final long lastClientSequence;
        final RejectReason refusal;
        final long connectDeadlineNs;
        boolean isOpen;
        final BackPressureTimer backPressure = new BackPressureTimer();

        ClientSession(
            final long clientId,
            final ExclusivePublication publication,
            final long lastClientSequence,
            final RejectReason refusal,
            final long connectDeadlineNs)
        {
            this.clientId = clientId;
            this.publication = publication;
            this.lastClientSequence = lastClientSequence;
            this.refusal = refusal;
            this.connectDeadlineNs = connectDeadlineNs;
        }
    }
}
