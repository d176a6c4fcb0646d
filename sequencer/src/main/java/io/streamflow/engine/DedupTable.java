package io.streamflow.engine;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Exactly-once bookkeeping per client: the highest client sequence applied, and the engine sequence of each of the
 * last {@code window} client sequences applied, to answer a resend with where the original went.
 * <p>
 * Client sequences must increase; gaps are allowed. A sequence at or below the highest applied is never applied
 * again: inside the window it is a duplicate of a known entry, otherwise its fate cannot be told from here.
 * <p>
 * Part of the engine's state: written into every engine snapshot (see {@link EngineStateCodec}) and rebuilt on start
 * from the newest snapshot and the journal after it. Not thread safe: each instance is used by one thread only (the
 * sequencer's, and the operator stage's copy that follows the applied commands for snapshots).
 */
final class DedupTable
{
    /** Answer of {@link #engineSequenceOf} when the client sequence was not applied within the window. */
    static final long UNKNOWN = -1;

    private final Long2ObjectHashMap<ClientHistory> clients = new Long2ObjectHashMap<>();
    private final int window;
    private final int maxClients;

    /**
     * @param window     client sequences remembered per client, a power of two.
     * @param maxClients most clients remembered.
     */
    DedupTable(final int window, final int maxClients)
    {
        if (Integer.bitCount(window) != 1)
        {
            throw new IllegalArgumentException("dedup window must be a power of two: " + window);
        }
        this.window = window;
        this.maxClients = maxClients;
    }

    /**
     * @param clientId to look up.
     * @return true when the client is known, or there is room to add it.
     */
    boolean canAdmit(final long clientId)
    {
        return clients.containsKey(clientId) || clients.size() < maxClients;
    }

    /**
     * @return client sequences remembered per client.
     */
    int window()
    {
        return window;
    }

    /**
     * @return ids of the clients that have applied commands, ascending: the canonical order of a snapshot.
     */
    long[] clientsWithHistory()
    {
        final long[] ids = new long[clients.size()];
        int count = 0;
        for (final Long2ObjectHashMap<ClientHistory>.EntryIterator it = clients.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            if (it.getValue().lastClientSequence >= 0)
            {
                ids[count++] = it.getLongKey();
            }
        }
        final long[] result = java.util.Arrays.copyOf(ids, count);
        java.util.Arrays.sort(result);
        return result;
    }

    /**
     * The commands a client has applied that the window remembers, oldest first.
     *
     * @param clientId        to look up.
     * @param clientSequences filled with their client sequences; at least {@link #window()} long.
     * @param engineSequences filled with the engine sequences they were applied at; as long.
     * @return how many were written.
     */
    int appliedOf(final long clientId, final long[] clientSequences, final long[] engineSequences)
    {
        final ClientHistory history = clients.get(clientId);
        if (null == history || history.lastClientSequence < 0)
        {
            return 0;
        }

        // Slot order after the newest is client sequence order but for old entries that survive gaps: an insertion
        // sort from there is near linear.
        final int mask = window - 1;
        final int newest = (int)(history.lastClientSequence & mask);
        int count = 0;
        for (int i = 1; i <= window; i++)
        {
            final int index = (newest + i) & mask;
            final long clientSequence = history.clientSequences[index];
            if (clientSequence >= 0)
            {
                int at = count++;
                while (at > 0 && clientSequences[at - 1] > clientSequence)
                {
                    clientSequences[at] = clientSequences[at - 1];
                    engineSequences[at] = engineSequences[at - 1];
                    at--;
                }
                clientSequences[at] = clientSequence;
                engineSequences[at] = history.engineSequences[index];
            }
        }
        return count;
    }

    /**
     * @return number of clients known.
     */
    int clientCount()
    {
        return clients.size();
    }

    /**
     * @param clientId to look up.
     * @return highest client sequence applied for the client, or -1 when none.
     */
    long lastClientSequence(final long clientId)
    {
        final ClientHistory history = clients.get(clientId);
        return null == history ? -1 : history.lastClientSequence;
    }

    /**
     * @param clientId       of the command.
     * @param clientSequence of the command.
     * @return true when a command with this client sequence must not be applied: it is not above the highest applied.
     */
    boolean isDuplicate(final long clientId, final long clientSequence)
    {
        final ClientHistory history = clients.get(clientId);
        return null != history && clientSequence <= history.lastClientSequence;
    }

    /**
     * @param clientId       of the command.
     * @param clientSequence of an applied command.
     * @return the engine sequence it was applied at, or {@link #UNKNOWN} when not applied within the window.
     */
    long engineSequenceOf(final long clientId, final long clientSequence)
    {
        final ClientHistory history = clients.get(clientId);
        if (null == history || clientSequence > history.lastClientSequence)
        {
            return UNKNOWN;
        }

        final int index = (int)(clientSequence & (window - 1));
        return history.clientSequences[index] == clientSequence ? history.engineSequences[index] : UNKNOWN;
    }

    /**
     * Record a command as applied. The caller has checked it is not a duplicate and the client can be admitted.
     *
     * @param clientId       of the command.
     * @param clientSequence of the command.
     * @param engineSequence it was given.
     */
    void onApplied(final long clientId, final long clientSequence, final long engineSequence)
    {
        ClientHistory history = clients.get(clientId);
        if (null == history)
        {
            history = new ClientHistory(window);
            clients.put(clientId, history);
        }

        final int index = (int)(clientSequence & (window - 1));
        history.clientSequences[index] = clientSequence;
        history.engineSequences[index] = engineSequence;
        history.lastClientSequence = clientSequence;
    }

    /**
     * Restore a client's highest applied client sequence, after its {@link #onApplied} entries from a snapshot.
     *
     * @param clientId           to restore.
     * @param lastClientSequence highest client sequence it had applied.
     */
    void restoreLastClientSequence(final long clientId, final long lastClientSequence)
    {
        admit(clientId);
        clients.get(clientId).lastClientSequence = lastClientSequence;
    }

    /**
     * Make a client known before its first command, so that it counts against the limit from its connect on.
     *
     * @param clientId to add.
     */
    void admit(final long clientId)
    {
        if (!clients.containsKey(clientId))
        {
            clients.put(clientId, new ClientHistory(window));
        }
    }

    private static final class ClientHistory
    {
        final long[] clientSequences;
        final long[] engineSequences;
        long lastClientSequence = -1;

        ClientHistory(final int window)
        {
            clientSequences = new long[window];
            engineSequences = new long[window];
            java.util.Arrays.fill(clientSequences, -1);
        }
    }
}
