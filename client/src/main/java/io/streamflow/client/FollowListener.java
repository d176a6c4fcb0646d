package io.streamflow.client;

import io.streamflow.sbe.FollowFrom;

/**
 * What a {@link LogFollower} hears from the node's log server.
 */
public interface FollowListener
{
    /**
     * One record of the followed stream, in engine sequence order; within a partition, offsets rise by one.
     *
     * @param record a flyweight over the message, valid during the call only.
     */
    void onRecord(FollowedRecord record);

    /**
     * The history is sent: what follows was appended live. Once per follow.
     *
     * @param correlationId  of the follow.
     * @param engineSequence of the last journal entry read before the hand-over, -1 for none.
     */
    default void onLive(final long correlationId, final long engineSequence)
    {
    }

    /**
     * The node stopped or went away: the follower follows again, under a new correlation id, once it is back.
     *
     * @param correlationId of the new follow.
     * @param from          where it starts: {@link FollowFrom#SEQUENCE} after what was heard, else the original start.
     * @param fromValue     the engine sequence (or the original start's value).
     */
    default void onResuming(final long correlationId, final FollowFrom from, final long fromValue)
    {
    }

    /**
     * The node refused the follow, or stopped serving it; nothing more comes.
     *
     * @param correlationId of the follow.
     * @param refused       true for a refusal, false when a running follow was closed.
     * @param reason        for people.
     */
    default void onEnded(final long correlationId, final boolean refused, final String reason)
    {
    }
}
