package io.streamflow.client;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentInvoker;

import java.util.concurrent.TimeUnit;

/**
 * To a clustered node: a session with the cluster through {@link AeronCluster}, which finds the leader among the
 * members' ingress endpoints and follows a new one after a failover, in the same session. Commands go to the leader,
 * which appends them to the replicated log; the answers come back on the session's egress, from the leader.
 * <p>
 * A new leader may not have the commands the old one received but had not committed: every command not yet answered
 * is sent again to the new leader, oldest first, before any new one ({@link UnansweredCommands}); the node answers one
 * already committed as a duplicate.
 * <p>
 * Keeps the session alive while the client is quiet: a keep-alive at least every {@value #KEEP_ALIVE_INTERVAL_MS} ms.
 */
final class ClusterTransport implements ClientTransport, EgressListener
{
    static final long KEEP_ALIVE_INTERVAL_MS = 1_000;

    private final AeronCluster cluster;
    private final EgressHandler handler;
    private final UnansweredCommands unanswered;
    private final UnansweredCommands.Sender resender = this::resend;
    private long nextKeepAliveNs;
    private long leaderChanges;

    /**
     * @param aeron         client to run the session with.
     * @param driverInvoker the client's embedded media driver, run while waiting; null for none.
     * @param ctx           of the client, concluded, in cluster mode.
     * @param handler       of the answers.
     */
    ClusterTransport(
        final Aeron aeron,
        final AgentInvoker driverInvoker,
        final StreamFlowClient.Context ctx,
        final EgressHandler handler)
    {
        this.handler = handler;
        unanswered = new UnansweredCommands(ctx.maxUnansweredBytes());
        cluster = AeronCluster.connect(new AeronCluster.Context()
            .aeron(aeron)
            .ownsAeronClient(false)
            .agentInvoker(driverInvoker)
            .aeronDirectoryName(ctx.aeronDirectoryName())
            .ingressChannel("aeron:udp")
            .ingressEndpoints(ctx.clusterIngressEndpoints())
            .egressChannel(ctx.responseChannel())
            .messageTimeoutNs(ctx.connectTimeoutNs())
            .egressListener(this));
        nextKeepAliveNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_INTERVAL_MS);
    }

    /**
     * {@inheritDoc}
     */
    public String responseChannel()
    {
        return "";
    }

    /**
     * {@inheritDoc}
     */
    public int claimHeaderLength()
    {
        return AeronCluster.SESSION_HEADER_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public int maxClaimLength()
    {
        return cluster.ingressPublication().maxPayloadLength() - AeronCluster.SESSION_HEADER_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public long tryClaim(final int length, final BufferClaim bufferClaim)
    {
        return onSent(cluster.tryClaim(length, bufferClaim));
    }

    /**
     * {@inheritDoc}
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return onSent(cluster.offer(buffer, offset, length));
    }

    /**
     * {@inheritDoc}
     */
    public boolean canSendCommand(final int length)
    {
        return !unanswered.isResending() && unanswered.hasRoomFor(length);
    }

    /**
     * {@inheritDoc}
     */
    public void onCommandSent(final DirectBuffer buffer, final int offset, final int length)
    {
        unanswered.add(buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public void onAnswered(final long clientSequence)
    {
        unanswered.onAnswered(clientSequence);
    }

    /**
     * {@inheritDoc}
     */
    public int leaderMemberId()
    {
        return cluster.leaderMemberId();
    }

    /**
     * {@inheritDoc}
     */
    public long leaderChanges()
    {
        return leaderChanges;
    }

    /**
     * {@inheritDoc}
     */
    public long resends()
    {
        return unanswered.resends();
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final int fragmentLimit)
    {
        int workCount = cluster.pollEgress();
        workCount += unanswered.resend(resender);
        final long nowNs = System.nanoTime();
        if (nowNs - nextKeepAliveNs > 0 && !cluster.isClosed())
        {
            nextKeepAliveNs = nowNs + TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_INTERVAL_MS);
            cluster.sendKeepAlive();
            workCount++;
        }
        return workCount;
    }

    /**
     * {@inheritDoc}
     */
    public boolean isConnected()
    {
        return !cluster.isClosed() && null != cluster.ingressPublication() &&
            cluster.ingressPublication().isConnected();
    }

    /**
     * {@inheritDoc}
     */
    public void onMessage(
        final long clusterSessionId,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        handler.onMessage(buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public void onNewLeader(
        final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
        final String ingressEndpoints)
    {
        leaderChanges++;
        unanswered.beginResend();
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.quietClose(cluster);
    }

    private boolean resend(final DirectBuffer buffer, final int offset, final int length)
    {
        return onSent(cluster.offer(buffer, offset, length)) > 0;
    }

    private long onSent(final long result)
    {
        if (result > 0)
        {
            nextKeepAliveNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_INTERVAL_MS);
        }
        return result;
    }
}
