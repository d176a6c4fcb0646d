package io.streamflow.gateway.fix;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import io.streamflow.sbe.ConnectAckDecoder;
import io.streamflow.sbe.ConnectDecoder;
import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.DisconnectEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RejectDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * One FIX session's session with the node, as any Aeron client has: an exclusive publication to the node's ingress and
 * a subscription of its own for the answers, opened without waiting (the gateway's thread never blocks on the media
 * driver), then a {@code Connect} with the session's client id and the credentials of its Logon.
 * <pre>
 *   OPENING    the publication and the subscription are being added; the publication connects to the node
 *   CONNECTING the Connect is sent; the node's ConnectAck or Reject is awaited
 *   OPEN       commands go to the node with the next client sequence; its answers go to the listener
 *   REFUSED    the node refused the Connect, or was not reached before the deadline
 *   CLOSED     a Disconnect was sent (when open) and the channels are closed
 * </pre>
 * The gateway's thread only.
 */
final class NodeSession
{
    /** What the session tells its FIX side. */
    interface Listener
    {
        /**
         * The node took the Connect.
         *
         * @param lastClientSequence the highest client sequence the node applied for this client id, or -1.
         */
        void onNodeConnected(long lastClientSequence);

        /**
         * The node refused the Connect or was not reached.
         *
         * @param reason why, for the FIX client.
         */
        void onNodeRefused(String reason);

        /**
         * An answer of the node (not the ConnectAck).
         *
         * @param buffer holding it.
         * @param offset of its SBE header.
         * @param length of the message.
         * @return {@link Action#ABORT} to be given it again later (the FIX side back-pressures), else
         * {@link Action#CONTINUE}.
         */
        Action onNodeMessage(DirectBuffer buffer, int offset, int length);
    }

    private static final int OPENING = 0;
    private static final int CONNECTING = 1;
    private static final int OPEN = 2;
    private static final int REFUSED = 3;
    private static final int CLOSED = 4;
    private static final int FRAGMENT_LIMIT = 32;

    private final Aeron aeron;
    private final long clientId;
    private final int responseStreamId;
    private final String configuredResponseChannel;
    private final String ingressChannel;
    private final long deadlineNs;
    private final Listener listener;
    private final long ingressRegistration;
    private final long responsesRegistration;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectAckDecoder connectAck = new ConnectAckDecoder();
    private final RejectDecoder reject = new RejectDecoder();
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this::onFragment);
    private byte[] credentials;
    private ExclusivePublication ingress;
    private Subscription responses;
    private int state = OPENING;
    private long nextClientSequence;

    NodeSession(
        final Aeron aeron,
        final String ingressChannel,
        final int ingressStreamId,
        final String responseChannel,
        final int responseStreamId,
        final long clientId,
        final byte[] credentials,
        final long deadlineNs,
        final Listener listener)
    {
        this.aeron = aeron;
        this.clientId = clientId;
        this.responseStreamId = responseStreamId;
        this.configuredResponseChannel = responseChannel;
        this.ingressChannel = ingressChannel;
        this.credentials = credentials;
        this.deadlineNs = deadlineNs;
        this.listener = listener;
        responsesRegistration = aeron.asyncAddSubscription(responseChannel, responseStreamId);
        ingressRegistration = aeron.asyncAddExclusivePublication(ingressChannel, ingressStreamId);
    }

    /**
     * @return true while commands may be sent.
     */
    boolean isOpen()
    {
        return OPEN == state && ingress.isConnected();
    }

    /**
     * @return true once refused or closed.
     */
    boolean isDone()
    {
        return REFUSED == state || CLOSED == state;
    }

    /**
     * @return the client id the session connected as.
     */
    long clientId()
    {
        return clientId;
    }

    /**
     * @return the client sequence the next command is to carry.
     */
    long nextClientSequence()
    {
        return nextClientSequence;
    }

    /**
     * Offer a command carrying {@link #nextClientSequence()}; the sequence moves on only when it was taken.
     *
     * @param buffer holding the command.
     * @param offset of its SBE header.
     * @param length of the command.
     * @return true when the node's ingress took it; false when back-pressured (offer it again).
     */
    boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (ingress.offer(buffer, offset, length) > 0)
        {
            nextClientSequence++;
            return true;
        }
        return false;
    }

    /**
     * One duty cycle: open, connect, then take the node's answers.
     *
     * @param nowNs    the gateway's clock.
     * @param deliver  false to leave answers in the subscription (the FIX side is not ready for them yet).
     * @return work done.
     */
    int doWork(final long nowNs, final boolean deliver)
    {
        switch (state)
        {
            case OPENING:
                return awaitChannels(nowNs);
            case CONNECTING:
                if (nowNs - deadlineNs > 0)
                {
                    refuse("the node did not answer the Connect in time");
                    return 1;
                }
                return responses.controlledPoll(assembler, 1);
            case OPEN:
                return deliver ? responses.controlledPoll(assembler, FRAGMENT_LIMIT) : 0;
            default:
                return 0;
        }
    }

    /**
     * Send a Disconnect when open, and close the channels.
     */
    void close()
    {
        if (CLOSED == state)
        {
            return;
        }
        if (OPEN == state && ingress.isConnected())
        {
            final DisconnectEncoder disconnect = new DisconnectEncoder();
            disconnect.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).clientId(clientId);
            ingress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + disconnect.encodedLength());
        }
        state = CLOSED;
        closeChannels();
    }

    private void closeChannels()
    {
        if (null == ingress)
        {
            aeron.asyncRemovePublication(ingressRegistration);
        }
        if (null == responses)
        {
            aeron.asyncRemoveSubscription(responsesRegistration);
        }
        CloseHelper.quietCloseAll(ingress, responses);
        wipeCredentials();
    }

    private int awaitChannels(final long nowNs)
    {
        if (null == responses)
        {
            responses = aeron.getSubscription(responsesRegistration);
        }
        if (null == ingress)
        {
            ingress = aeron.getExclusivePublication(ingressRegistration);
        }
        final String responseChannel = null == responses ? null :
            configuredResponseChannel.startsWith(CommonContext.UDP_CHANNEL) ?
            responses.tryResolveChannelEndpointPort() : configuredResponseChannel;
        if (null == responseChannel || null == ingress || !ingress.isConnected())
        {
            if (nowNs - deadlineNs > 0)
            {
                refuse("the node's ingress (" + ingressChannel + ") is not reachable");
                return 1;
            }
            return 0;
        }
        final ConnectEncoder connect = new ConnectEncoder()
            .wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientId(clientId)
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel)
            .putCredentials(credentials, 0, credentials.length);
        if (ingress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength()) > 0)
        {
            wipeCredentials();
            state = CONNECTING;
            return 1;
        }
        return 0;
    }

    private Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header fragment)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return Action.CONTINUE;
        }
        header.wrap(buffer, offset);
        if (CONNECTING == state)
        {
            onConnectAnswer(buffer, offset);
            // One answer at a time: what follows the ConnectAck waits for the FIX side.
            return Action.BREAK;
        }
        return listener.onNodeMessage(buffer, offset, length);
    }

    private void onConnectAnswer(final DirectBuffer buffer, final int offset)
    {
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.templateId() == ConnectAckDecoder.TEMPLATE_ID)
        {
            connectAck.wrap(buffer, bodyOffset, header.blockLength(), header.version());
            nextClientSequence = connectAck.lastClientSequence() + 1;
            state = OPEN;
            listener.onNodeConnected(connectAck.lastClientSequence());
        }
        else if (header.templateId() == RejectDecoder.TEMPLATE_ID)
        {
            reject.wrap(buffer, bodyOffset, header.blockLength(), header.version());
            if (reject.rejectedTemplateId() == ConnectDecoder.TEMPLATE_ID || reject.clientSequence() < 0)
            {
                final String why = reject.reason() + ": " + reject.detail();
                refuse(why);
            }
        }
    }

    private void refuse(final String reason)
    {
        state = REFUSED;
        closeChannels();
        listener.onNodeRefused(reason);
    }

    private void wipeCredentials()
    {
        if (null != credentials)
        {
            java.util.Arrays.fill(credentials, (byte)0);
            credentials = null;
        }
    }
}
