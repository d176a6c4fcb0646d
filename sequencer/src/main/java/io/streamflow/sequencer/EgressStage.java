package io.streamflow.sequencer;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.streamflow.sbe.ConnectAckEncoder;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RejectEncoder;
import io.streamflow.sbe.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;

/**
 * Last stage: sends each slot's egress frames to the clients they are for, over one exclusive publication per client
 * session, and opens and closes those sessions.
 * <p>
 * A back-pressured offer keeps the slot (and so every later one) until it goes through, unless the client has been
 * back-pressuring longer than the slow-client timeout: then its session is closed and its messages counted as
 * undeliverable, so one stalled reader cannot stop the node. A message for a client with no open session is counted
 * and dropped: the client is gone, and on its return it resends and is answered from the dedup table.
 * <p>
 * Output streams (market data, pipeline results) have one publication each, on the output channel, that any number
 * of subscribers join. Their messages are derived state, rebuilt by replay: with no subscriber they are dropped and
 * counted; a back-pressuring subscriber holds them as a client would, up to the slow-client timeout.
 * <p>
 * Not thread safe: runs on the egress thread.
 */
final class EgressStage implements Agent, SlotHandler
{
    static final int EGRESS_TERM_LENGTH = 1024 * 1024;

    private final RingConsumer consumer;
    private final Aeron aeron;
    private final NodeCounters counters;
    private final ErrorHandler errorHandler;
    private final NanoClock nanoClock;
    private final long connectTimeoutNs;
    private final long slowClientTimeoutNs;
    private final int maxMessageLength;

    private final Long2ObjectHashMap<ClientSession> sessions = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<ExclusivePublication> outputs = new Int2ObjectHashMap<>();
    private final ArrayList<ClientSession> awaitingConnection = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectDecoder connect = new ConnectDecoder();
    private final MessageHeaderEncoder replyHeader = new MessageHeaderEncoder();
    private final ConnectAckEncoder connectAck = new ConnectAckEncoder();
    private final RejectEncoder reject = new RejectEncoder();
    private final ExpandableArrayBuffer replyBuffer = new ExpandableArrayBuffer(256);

    private long slotInProgress = -1;
    private int frameOffset;
    private final BackPressure outputBackPressure = new BackPressure();

    EgressStage(
        final RingConsumer consumer,
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
        this.consumer = consumer;
        this.aeron = aeron;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.nanoClock = nanoClock;
        this.connectTimeoutNs = connectTimeoutNs;
        this.slowClientTimeoutNs = slowClientTimeoutNs;
        this.maxMessageLength = maxMessageLength;
        // Without an output channel, output messages are counted as dropped.
        for (int i = 0; i < outputStreamIds.length && !outputChannel.isEmpty(); i++)
        {
            outputs.put(outputStreamIds[i], aeron.addExclusivePublication(outputChannel, outputStreamIds[i]));
        }
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-egress";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        int workCount = 0;
        if (!awaitingConnection.isEmpty())
        {
            workCount += completeConnections(nanoClock.nanoTime());
        }

        return workCount + consumer.poll(this);
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        for (final ClientSession session : sessions.values())
        {
            CloseHelper.close(session.publication);
        }
        sessions.clear();
        awaitingConnection.clear();
        outputs.values().forEach(CloseHelper::close);
        outputs.clear();
    }

    /**
     * {@inheritDoc}
     */
    public boolean onSlot(final RingSlot slot, final long ringSequence)
    {
        if (ringSequence != slotInProgress)
        {
            slotInProgress = ringSequence;
            frameOffset = 0;
            if (RingSlot.CONNECT == slot.type)
            {
                openSession(slot);
            }
            else if (RingSlot.DISCONNECT == slot.type)
            {
                closeSession(sessions.get(slot.clientId));
            }
        }

        final ExpandableArrayBuffer output = slot.output;
        while (frameOffset < slot.outputLength)
        {
            final int length = output.getInt(frameOffset + EgressFrames.LENGTH_OFFSET);
            final long destination = output.getLong(frameOffset + EgressFrames.DESTINATION_OFFSET);
            final int messageOffset = frameOffset + EgressFrames.HEADER_LENGTH;
            final boolean done = EgressFrames.TO_OUTPUT == output.getInt(frameOffset + EgressFrames.KIND_OFFSET) ?
                publish((int)destination, output, messageOffset, length) :
                send(destination, output, messageOffset, length);
            if (!done)
            {
                return false;
            }
            frameOffset += EgressFrames.HEADER_LENGTH + length;
        }

        return true;
    }

    /**
     * @return sessions currently open or waiting for their client to connect.
     */
    int sessionCount()
    {
        return sessions.size();
    }

    private boolean send(
        final long clientId, final ExpandableArrayBuffer buffer, final int offset, final int length)
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

    private boolean publish(
        final int outputStreamId, final ExpandableArrayBuffer buffer, final int offset, final int length)
    {
        final ExclusivePublication publication = outputs.get(outputStreamId);
        final long result = null == publication ? Publication.CLOSED : publication.offer(buffer, offset, length);
        if (result > 0)
        {
            counters.outputMessages.incrementRelease();
            outputBackPressure.clear();
            return true;
        }

        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            counters.egressBackPressure.incrementRelease();
            if (outputBackPressure.hold(nanoClock.nanoTime(), slowClientTimeoutNs))
            {
                return false;
            }
        }

        // No subscriber, or none keeping up (then later messages drop at once until an offer succeeds): derived
        // data, dropped and counted.
        counters.outputDropped.incrementRelease();
        return true;
    }

    private void openSession(final RingSlot slot)
    {
        header.wrap(slot.entry, 0);
        connect.wrap(slot.entry, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final int responseStreamId = connect.responseStreamId();
        final String responseChannel = withTermLength(connect.responseChannel());

        closeSession(sessions.get(slot.clientId));

        final ExclusivePublication publication;
        try
        {
            publication = aeron.addExclusivePublication(responseChannel, responseStreamId);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(new IllegalArgumentException(
                "client " + slot.clientId + " connect: cannot publish to " + responseChannel + " stream " +
                responseStreamId, ex));
            return;
        }

        final ClientSession session = new ClientSession(slot.clientId, publication, slot.lastClientSequence,
            slot.refusal, nanoClock.nanoTime() + connectTimeoutNs);
        sessions.put(slot.clientId, session);
        awaitingConnection.add(session);
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
        final int length;
        if (null == session.refusal)
        {
            connectAck.wrapAndApplyHeader(replyBuffer, 0, replyHeader)
                .clientId(session.clientId)
                .lastClientSequence(session.lastClientSequence)
                .maxMessageLength(maxMessageLength);
            length = MessageHeaderEncoder.ENCODED_LENGTH + connectAck.encodedLength();
        }
        else
        {
            reject.wrapAndApplyHeader(replyBuffer, 0, replyHeader)
                .clientId(session.clientId)
                .clientSequence(-1)
                .reason(session.refusal)
                .rejectedTemplateId(ConnectDecoder.TEMPLATE_ID)
                .detail(RejectReasons.describe(session.refusal));
            length = MessageHeaderEncoder.ENCODED_LENGTH + reject.encodedLength();
        }

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
        final BackPressure backPressure = new BackPressure();

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

    /**
     * How long a destination has been refusing offers: a message is held (and with it the ring) while it lasts less
     * than the timeout. Past the timeout it stays past until an offer goes through, so that a destination that has
     * timed out costs no more waiting.
     */
    private static final class BackPressure
    {
        private long sinceNs;

        /**
         * @param nowNs     of this refused offer.
         * @param timeoutNs most a destination may refuse.
         * @return true to hold the message and offer it again, false when the refusals have lasted the timeout.
         */
        boolean hold(final long nowNs, final long timeoutNs)
        {
            if (0 == sinceNs)
            {
                sinceNs = nowNs;
                return true;
            }
            return nowNs - sinceNs < timeoutNs;
        }

        void clear()
        {
            sinceNs = 0;
        }
    }
}
