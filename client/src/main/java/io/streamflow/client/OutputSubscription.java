package io.streamflow.client;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.CloseHelper;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One of a node's output streams (market data, pipeline results), as a client receives it: from a standalone node,
 * one subscription; from a cluster, one subscription per member, since the member that leads publishes the output
 * streams and a new leader publishes them after a failover. Each message carries the engine sequence it came from,
 * so a subscriber can tell a gap or a repeat across a failover.
 * <p>
 * A subscriber joins a multi-destination-cast publication by eliciting its setup when the subscription opens; a
 * publication that a new leader opens later is joined by opening the subscription to that member again, every
 * {@value #REJOIN_INTERVAL_MS} ms until it connects.
 * <p>
 * Not thread safe: the client's thread.
 */
public final class OutputSubscription implements AutoCloseable
{
    static final long REJOIN_INTERVAL_MS = 500;

    private final Aeron aeron;
    private final String[] channels;
    private final int[] memberIds;
    private final int streamId;
    private final IntSupplier leaderMemberId;
    private final Subscription[] subscriptions;
    private long nextRejoinNs;

    /**
     * @param aeron          client to subscribe with.
     * @param channels       to subscribe on: one for a standalone node, one per member for a cluster.
     * @param memberIds      of the members, by channel; empty for a standalone node.
     * @param streamId       of the output stream.
     * @param leaderMemberId the member that leads, as the client last heard.
     */
    OutputSubscription(
        final Aeron aeron,
        final String[] channels,
        final int[] memberIds,
        final int streamId,
        final IntSupplier leaderMemberId)
    {
        this.aeron = aeron;
        this.channels = channels;
        this.memberIds = memberIds;
        this.streamId = streamId;
        this.leaderMemberId = leaderMemberId;
        subscriptions = new Subscription[channels.length];
        for (int i = 0; i < channels.length; i++)
        {
            subscriptions[i] = aeron.addSubscription(channels[i], streamId);
        }
    }

    /**
     * Deliver what arrived, from every member's publication.
     *
     * @param handler       of each fragment; reassemble with a {@code FragmentAssembler}.
     * @param fragmentLimit most fragments to take from each subscription.
     * @return fragments delivered.
     */
    public int poll(final FragmentHandler handler, final int fragmentLimit)
    {
        int fragments = 0;
        for (final Subscription subscription : subscriptions)
        {
            fragments += subscription.poll(handler, fragmentLimit);
        }
        if (memberIds.length > 0)
        {
            rejoinLeader();
        }
        return fragments;
    }

    private void rejoinLeader()
    {
        final int leader = leaderMemberId.getAsInt();
        for (int i = 0; i < memberIds.length; i++)
        {
            if (memberIds[i] == leader && subscriptions[i].hasNoImages())
            {
                final long nowNs = System.nanoTime();
                if (nowNs - nextRejoinNs >= 0)
                {
                    nextRejoinNs = nowNs + TimeUnit.MILLISECONDS.toNanos(REJOIN_INTERVAL_MS);
                    CloseHelper.close(subscriptions[i]);
                    subscriptions[i] = aeron.addSubscription(channels[i], streamId);
                }
            }
        }
    }

    /**
     * @return true while a publisher (the node, or the cluster's leader) is connected.
     */
    public boolean isConnected()
    {
        for (final Subscription subscription : subscriptions)
        {
            if (subscription.isConnected())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the channels subscribed, separated by a space.
     */
    public String channel()
    {
        final StringBuilder channels = new StringBuilder();
        for (final Subscription subscription : subscriptions)
        {
            channels.append(channels.length() > 0 ? " " : "").append(subscription.channel());
        }
        return channels.toString();
    }

    /**
     * Close every subscription.
     */
    public void close()
    {
        CloseHelper.closeAll(subscriptions);
    }
}
