package io.streamflow.sequencer;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.streamflow.engine.IngressSession;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * Polls one ingress subscription (IPC or UDP), reassembles fragmented messages, and hands each whole message to the
 * sequencer. It is the {@link IngressSession} of the message being handed over: the Aeron session it came in on,
 * bound to the client that connected on it.
 * <p>
 * Not thread safe: used only by the sequencer thread.
 */
final class IngressAdapter implements FragmentHandler, IngressSession, AutoCloseable
{
    private final Subscription subscription;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final Long2LongHashMap clientIdBySession = new Long2LongHashMap(NO_CLIENT);
    private final SequencerAgent sequencer;
    private int currentSessionId;

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
        currentSessionId = header.sessionId();
        sequencer.onMessage(this, buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public long sessionId()
    {
        return currentSessionId;
    }

    /**
     * {@inheritDoc}
     */
    public long clientId()
    {
        return clientIdBySession.get(currentSessionId);
    }

    /**
     * {@inheritDoc}
     */
    public void bind(final long clientId)
    {
        clientIdBySession.put(currentSessionId, clientId);
        sequencer.onSessionsChanged();
    }

    /**
     * {@inheritDoc}
     */
    public void unbind()
    {
        clientIdBySession.remove(currentSessionId);
        sequencer.onSessionsChanged();
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
