package io.streamflow.client;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * To a standalone node: an exclusive publication to its ingress, and a subscription of the client's own on the
 * response channel that the Connect names, where the node publishes the answers.
 */
final class NodeTransport implements ClientTransport
{
    private final ExclusivePublication ingress;
    private final Subscription egress;
    private final String responseChannel;
    private final FragmentAssembler assembler;

    /**
     * @param aeron   client to publish and subscribe with.
     * @param ctx     of the client, concluded.
     * @param handler of the answers.
     * @param tick    the client's housekeeping, run while waiting.
     */
    NodeTransport(
        final Aeron aeron, final StreamFlowClient.Context ctx, final EgressHandler handler, final Runnable tick)
    {
        assembler = new FragmentAssembler(
            (buffer, offset, length, header) -> handler.onMessage(buffer, offset, length));
        egress = aeron.addSubscription(ctx.responseChannel(), ctx.responseStreamId());
        try
        {
            String channel = ctx.responseChannel();
            if (channel.startsWith(CommonContext.UDP_CHANNEL))
            {
                while (null == (channel = egress.tryResolveChannelEndpointPort()))
                {
                    tick.run();
                }
            }
            responseChannel = channel;
            ingress = aeron.addExclusivePublication(ctx.ingressChannel(), ctx.ingressStreamId());
            while (!ingress.isConnected())
            {
                tick.run();
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(egress);
            throw ex;
        }
    }

    /**
     * {@inheritDoc}
     */
    public String responseChannel()
    {
        return responseChannel;
    }

    /**
     * {@inheritDoc}
     */
    public int claimHeaderLength()
    {
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public int maxClaimLength()
    {
        return ingress.maxPayloadLength();
    }

    /**
     * {@inheritDoc}
     */
    public long tryClaim(final int length, final BufferClaim bufferClaim)
    {
        return ingress.tryClaim(length, bufferClaim);
    }

    /**
     * {@inheritDoc}
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return ingress.offer(buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final int fragmentLimit)
    {
        return egress.poll(assembler, fragmentLimit);
    }

    /**
     * {@inheritDoc}
     */
    public boolean isConnected()
    {
        return ingress.isConnected() && !egress.hasNoImages();
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.quietCloseAll(ingress, egress);
    }
}
