package io.streamflow.gateway.fix;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;
import uk.co.real_logic.artio.library.OnMessageInfo;
import uk.co.real_logic.artio.session.Session;

/**
 * The handler of a session Artio handed over that the gateway did not accept (it is being logged out): ignores what
 * it sends.
 */
final class FixSessionRefused extends SessionHandlerAdapter
{
    /**
     * {@inheritDoc}
     */
    public Action onMessage(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int libraryId,
        final Session session,
        final int sequenceIndex,
        final long messageType,
        final long timestampInNs,
        final long position,
        final OnMessageInfo messageInfo)
    {
        return Action.CONTINUE;
    }
}
