package io.streamflow.client;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
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
 * A session the cluster closed (no leader for longer than the client waits, or the session timed out while no
 * majority could commit its keep-alives) is opened again: a new session, the client's Connect on it first, then the
 * unanswered commands. Meanwhile sends are back-pressured, never failed.
 * <p>
 * Keeps the session alive while the client is quiet: a keep-alive at least every {@value #KEEP_ALIVE_INTERVAL_MS} ms.
 */
final class ClusterTransport implements ClientTransport, EgressListener
{
    static final long KEEP_ALIVE_INTERVAL_MS = 1_000;

    /**
     * Writes the client's Connect, to open its binding again on a new session.
     */
    @FunctionalInterface
    interface ConnectWriter
    {
        /**
         * @param buffer to write into, from offset 0.
         * @return length of the Connect.
         */
        int write(ExpandableArrayBuffer buffer);
    }

    private static final long RECONNECT_PAUSE_MS = 100;

    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final StreamFlowClient.Context ctx;
    private final ExpandableArrayBuffer connectBuffer = new ExpandableArrayBuffer(256);
    private AeronCluster cluster;
    private AeronCluster.AsyncConnect reconnect;
    private final ConnectWriter connectWriter;
    private int connectLength;
    private long nextReconnectNs;
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
     * @param connectWriter writes the client's Connect, sent first on every session opened again.
     */
    ClusterTransport(
        final Aeron aeron,
        final AgentInvoker driverInvoker,
        final StreamFlowClient.Context ctx,
        final EgressHandler handler,
        final ConnectWriter connectWriter)
    {
        this.connectWriter = connectWriter;
        this.handler = handler;
        this.aeron = aeron;
        this.driverInvoker = driverInvoker;
        this.ctx = ctx;
        unanswered = new UnansweredCommands(ctx.maxUnansweredBytes());
        cluster = AeronCluster.connect(sessionContext());
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
        return isReopening() ? Publication.BACK_PRESSURED : onSent(cluster.tryClaim(length, bufferClaim));
    }

    /**
     * {@inheritDoc}
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return isReopening() ? Publication.BACK_PRESSURED : onSent(cluster.offer(buffer, offset, length));
    }

    /**
     * {@inheritDoc}
     */
    public boolean canSendCommand(final int length)
    {
        return !isReopening() && !unanswered.isResending() && unanswered.hasRoomFor(length);
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
        if (isReopening())
        {
            return reopen();
        }
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
        return !isReopening() && null != cluster.ingressPublication() && cluster.ingressPublication().isConnected();
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
        CloseHelper.quietCloseAll(reconnect, cluster);
    }

    private boolean isReopening()
    {
        return cluster.isClosed() || 0 != connectLength;
    }

    /**
     * Open a new session in place of the closed one, then send the Connect on it; the unanswered commands follow.
     */
    private int reopen()
    {
        if (0 != connectLength)
        {
            if (onSent(cluster.offer(connectBuffer, 0, connectLength)) > 0)
            {
                connectLength = 0;
                unanswered.beginResend();
            }
            return cluster.pollEgress() + 1;
        }

        final long nowNs = System.nanoTime();
        if (null == reconnect)
        {
            if (nowNs - nextReconnectNs < 0)
            {
                return 0;
            }
            reconnect = AeronCluster.asyncConnect(sessionContext());
        }
        try
        {
            final AeronCluster opened = reconnect.poll();
            if (null != opened)
            {
                reconnect = null;
                cluster = opened;
                leaderChanges++;
                connectLength = connectWriter.write(connectBuffer);
            }
            return 1;
        }
        catch (final RuntimeException ex)
        {
            // No leader answered in time: try again after a pause, for as long as the client is used.
            CloseHelper.quietClose(reconnect);
            reconnect = null;
            nextReconnectNs = nowNs + TimeUnit.MILLISECONDS.toNanos(RECONNECT_PAUSE_MS);
            return 0;
        }
    }

    private AeronCluster.Context sessionContext()
    {
        return new AeronCluster.Context()
            .aeron(aeron)
            .ownsAeronClient(false)
            .agentInvoker(driverInvoker)
            .aeronDirectoryName(ctx.aeronDirectoryName())
            .ingressChannel("aeron:udp")
            .ingressEndpoints(ctx.clusterIngressEndpoints())
            .egressChannel(ctx.responseChannel())
            .messageTimeoutNs(ctx.connectTimeoutNs())
            .egressListener(this);
    }

    private boolean resend(final DirectBuffer buffer, final int offset, final int length)
    {
        return onSent(cluster.offer(buffer, offset, length)) > 0;
    }

    private long onSent(final long result)
    {
        if (Publication.NOT_CONNECTED == result || Publication.CLOSED == result)
        {
            // Between leaders (the session's ingress to the old one closed): the command was not sent; the caller
            // tries again, as after back-pressure, and the session follows a new leader or is opened again.
            return Publication.BACK_PRESSURED;
        }
        if (result > 0)
        {
            nextKeepAliveNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_INTERVAL_MS);
        }
        return result;
    }
}
