package io.streamflow.cluster;

import io.streamflow.engine.IngressSession;
import org.agrona.collections.Long2LongHashMap;

/**
 * Which client each cluster session connected as, and where each client's answers go: the clustered node's
 * {@link IngressSession}, pointed at the cluster session of each message before admission sees it.
 * <p>
 * As on the standalone node, a session is bound on an admitted Connect and unbound on its client's Disconnect or
 * when the cluster closes it; a client that connects again on a new session has its answers sent there. The bindings
 * change only with messages of the cluster log, so every member holds the same ones; they are part of the service's
 * snapshot.
 * <p>
 * Not thread safe: the service thread's.
 */
final class ClusterSessions implements IngressSession
{
    /** Cluster session of a client with none. */
    static final long NO_SESSION = Long.MIN_VALUE;

    private final Long2LongHashMap clientBySession = new Long2LongHashMap(NO_CLIENT);
    private final Long2LongHashMap sessionByClient = new Long2LongHashMap(NO_SESSION);
    private long currentSessionId = NO_SESSION;

    /**
     * @param clusterSessionId of the message admission is about to see.
     * @return this, pointed at that session.
     */
    IngressSession current(final long clusterSessionId)
    {
        currentSessionId = clusterSessionId;
        return this;
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
        return clientBySession.get(currentSessionId);
    }

    /**
     * {@inheritDoc}
     */
    public void bind(final long clientId)
    {
        put(currentSessionId, clientId);
    }

    /**
     * {@inheritDoc}
     */
    public void unbind()
    {
        onSessionClosed(currentSessionId);
    }

    /**
     * The cluster closed a session (the client closed it, or timed out).
     *
     * @param clusterSessionId closed.
     */
    void onSessionClosed(final long clusterSessionId)
    {
        final long clientId = clientBySession.remove(clusterSessionId);
        if (NO_CLIENT != clientId && sessionByClient.get(clientId) == clusterSessionId)
        {
            sessionByClient.remove(clientId);
        }
    }

    /**
     * @param clientId a client.
     * @return the cluster session its answers go to, or {@link #NO_SESSION}.
     */
    long sessionOf(final long clientId)
    {
        return sessionByClient.get(clientId);
    }

    /**
     * @return sessions bound to a client.
     */
    int size()
    {
        return clientBySession.size();
    }

    /**
     * @param consumer of each binding.
     */
    void forEach(final BindingConsumer consumer)
    {
        final Long2LongHashMap.EntryIterator entries = clientBySession.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            final long clusterSessionId = entries.getLongKey();
            final long clientId = entries.getLongValue();
            consumer.accept(clusterSessionId, clientId, sessionByClient.get(clientId) == clusterSessionId);
        }
    }

    /**
     * Restore one binding from a snapshot.
     *
     * @param clusterSessionId bound.
     * @param clientId         it connected as.
     * @param isAnswered       whether the client's answers go to this session.
     */
    void restore(final long clusterSessionId, final long clientId, final boolean isAnswered)
    {
        clientBySession.put(clusterSessionId, clientId);
        if (isAnswered)
        {
            sessionByClient.put(clientId, clusterSessionId);
        }
    }

    /**
     * What a snapshot takes of each binding.
     */
    @FunctionalInterface
    interface BindingConsumer
    {
        /**
         * @param clusterSessionId bound.
         * @param clientId         it connected as.
         * @param isAnswered       whether the client's answers go to this session.
         */
        void accept(long clusterSessionId, long clientId, boolean isAnswered);
    }

    private void put(final long clusterSessionId, final long clientId)
    {
        clientBySession.put(clusterSessionId, clientId);
        sessionByClient.put(clientId, clusterSessionId);
    }
}
