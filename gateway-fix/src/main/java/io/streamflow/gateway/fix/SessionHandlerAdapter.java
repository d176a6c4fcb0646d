package io.streamflow.gateway.fix;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import uk.co.real_logic.artio.library.SessionHandler;
import uk.co.real_logic.artio.messages.DisconnectReason;
import uk.co.real_logic.artio.session.Session;

/**
 * An Artio {@link SessionHandler} that takes no action on a session's timeouts, slow-consumer changes, start and
 * disconnect: a handler says only what it does with messages (and overrides what else it cares about).
 */
public abstract class SessionHandlerAdapter implements SessionHandler
{
    /**
     * {@inheritDoc}
     */
    public void onTimeout(final int libraryId, final Session session)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onSlowStatus(final int libraryId, final Session session, final boolean hasBecomeSlow)
    {
    }

    /**
     * {@inheritDoc}
     */
    public Action onDisconnect(final int libraryId, final Session session, final DisconnectReason reason)
    {
        return Action.CONTINUE;
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionStart(final Session session)
    {
    }
}
