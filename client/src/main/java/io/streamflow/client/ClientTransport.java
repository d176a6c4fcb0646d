package io.streamflow.client;

import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;

/**
 * How a client's messages reach a node and its answers come back: a publication and a subscription of its own to a
 * standalone node ({@link NodeTransport}), or a cluster session that follows the leader ({@link ClusterTransport}).
 * <p>
 * Not thread safe: the client's thread.
 */
interface ClientTransport extends AutoCloseable
{
    /**
     * @return the response channel a Connect names, where the node answers; empty where the transport brings the
     * answers itself (a cluster session).
     */
    String responseChannel();

    /**
     * @return bytes before the message in a claimed range (the cluster's session header), 0 for none.
     */
    int claimHeaderLength();

    /**
     * @return longest message that may be claimed, header excluded.
     */
    int maxClaimLength();

    /**
     * @param length      of the message.
     * @param bufferClaim to fill: the message goes at its offset plus {@link #claimHeaderLength()}.
     * @return the new position, or a negative {@link io.aeron.Publication} code.
     */
    long tryClaim(int length, BufferClaim bufferClaim);

    /**
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message.
     * @return the new position, or a negative {@link io.aeron.Publication} code.
     */
    long offer(DirectBuffer buffer, int offset, int length);

    /**
     * @param length of a sequenced command about to be sent.
     * @return true when it may be sent now; false to back-pressure the sender.
     */
    default boolean canSendCommand(final int length)
    {
        return true;
    }

    /**
     * A sequenced command was written, to be sent again should it go unanswered (by a new leader, say).
     *
     * @param buffer holding the command.
     * @param offset of the command.
     * @param length of the command.
     */
    default void onCommandSent(final DirectBuffer buffer, final int offset, final int length)
    {
    }

    /**
     * The node answered every command of this client up to a client sequence.
     *
     * @param clientSequence answered.
     */
    default void onAnswered(final long clientSequence)
    {
    }

    /**
     * @return id of the cluster member that leads, or -1 for a standalone node.
     */
    default int leaderMemberId()
    {
        return -1;
    }

    /**
     * @return times a new leader took over since the client connected (followed in the same session, or in one
     * opened again); 0 for a standalone node.
     */
    default long leaderChanges()
    {
        return 0;
    }

    /**
     * @return commands sent again to a new leader.
     */
    default long resends()
    {
        return 0;
    }

    /**
     * Hand what the node sent to the client's egress handler.
     *
     * @param fragmentLimit most fragments to take.
     * @return work done.
     */
    int poll(int fragmentLimit);

    /**
     * @return true while the node is reachable.
     */
    boolean isConnected();

    /**
     * Release the transport's publications and subscriptions.
     */
    void close();

    /**
     * Where the transport hands each whole message the node sent.
     */
    @FunctionalInterface
    interface EgressHandler
    {
        /**
         * @param buffer holding the message.
         * @param offset of the message.
         * @param length of the message.
         */
        void onMessage(DirectBuffer buffer, int offset, int length);
    }
}
