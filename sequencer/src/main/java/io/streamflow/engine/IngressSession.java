package io.streamflow.engine;

/**
 * The front door's transport session a message came in on (an Aeron image, a cluster client session), as admission
 * sees it: bound to the client that connected on it, or to none. Admission binds it on an admitted Connect and unbinds
 * it on that client's Disconnect; every other message is taken as coming from the bound client.
 * <p>
 * Typically a flyweight the front door points at the current session before each message. Not thread safe: used on
 * the front door's ingress thread only.
 */
public interface IngressSession
{
    /** Client id of a session no client has connected on. */
    long NO_CLIENT = Long.MIN_VALUE;

    /**
     * @return the transport's id of this session (an Aeron image's session id, a cluster session id): where the
     * answer to a Connect goes, whether it is admitted or refused.
     */
    long sessionId();

    /**
     * @return the client this session connected as, or {@link #NO_CLIENT}.
     */
    long clientId();

    /**
     * Bind the session to a client admitted on it.
     *
     * @param clientId admitted.
     */
    void bind(long clientId);

    /**
     * Forget the client of this session: it disconnected.
     */
    void unbind();
}
