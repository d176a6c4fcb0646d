package io.streamflow.sequencer;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * Polls one ingress subscription (IPC or UDP), reassembles fragmented messages, and hands each whole message to the
 * sequencer together with the client that the sending Aeron session connected as.
 * <p>
 * Not thread safe: used only by the sequencer thread.
 */
final class IngressAdapter implements FragmentHandler, AutoCloseable
{
    /** Client id of a session that has not connected. */
    static final long NO_CLIENT = Long.MIN_VALUE;

    private final Subscription subscription;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final Long2LongHashMap clientIdBySession = new Long2LongHashMap(NO_CLIENT);
    private final SequencerAgent sequencer;

    IngressAdapter(final Subscription subscription, final SequencerAgent sequencer)
    {
        this.subscription = subscription;
        this.sequencer = sequencer;
    }

    int poll(final int fragmentLimit)
    {
        return subscription.poll(assembler, fragmentLimit);
    }

    /**
     * {@inheritDoc}
     */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        sequencer.onMessage(this, header.sessionId(), buffer, offset, length);
    }

    long clientIdOf(final int sessionId)
    {
        return clientIdBySession.get(sessionId);
    }

    void bind(final int sessionId, final long clientId)
    {
        clientIdBySession.put(sessionId, clientId);
    }

    void unbind(final int sessionId)
    {
        clientIdBySession.remove(sessionId);
    }

    /**
     * Forget the sessions whose Aeron image has gone (a client that stopped without a Disconnect).
     */
    void sweepGoneSessions()
    {
        final Long2LongHashMap.KeyIterator sessions = clientIdBySession.keySet().iterator();
        while (sessions.hasNext())
        {
            if (null == subscription.imageBySessionId((int)sessions.nextValue()))
            {
                sessions.remove();
            }
        }
    }

    int boundSessions()
    {
        return clientIdBySession.size();
    }

    Subscription subscription()
    {
        return subscription;
    }

    /**
     * Close the subscription.
     */
    public void close()
    {
        CloseHelper.close(subscription);
    }
}
