package io.streamflow.cluster;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.streamflow.engine.BackPressureTimer;
import io.streamflow.engine.ConnectReply;
import io.streamflow.engine.Egress;
import io.streamflow.engine.NodeCounters;
import io.streamflow.sequencer.OutputStreams;
import io.streamflow.sbe.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayDeque;

/**
 * The clustered node's {@link Egress}: answers go to the client's cluster session, output streams to their
 * publications. Every member runs it; only the leader's offers reach anyone. A follower's session offer is Aeron
 * Cluster's mocked offer, and a follower publishes nothing on the output streams, so that a subscriber sees each
 * output message once, from the leader.
 * <p>
 * A back-pressured offer holds the message (and every later one) until it goes through or the destination has
 * refused for longer than the slow-client timeout; then the message is dropped and counted, as on the standalone
 * node. A message for a client with no session is dropped and counted: on its return it resends and is answered from
 * the dedup table. Answers to a Connect that cannot be sent at once are sent on later duty cycles.
 * <p>
 * Not thread safe: the service thread's.
 */
final class ClusterEgress implements Egress
{
    private final ClusterSessions sessions;
    private final NodeCounters counters;
    private final NanoClock nanoClock;
    private final long slowClientTimeoutNs;
    private final int maxMessageLength;
    private final String outputChannel;
    private final int[] outputStreamIds;
    private final OutputStreams outputs;
    private final BackPressureTimer clientBackPressure = new BackPressureTimer();
    private final ConnectReply connectReply = new ConnectReply();
    private final ArrayDeque<PendingReply> pendingReplies = new ArrayDeque<>();
    private final ExpandableArrayBuffer replyBuffer = new ExpandableArrayBuffer(256);
    private Cluster cluster;
    private boolean isLeader;

    ClusterEgress(
        final ClusterSessions sessions,
        final NodeCounters counters,
        final NanoClock nanoClock,
        final long slowClientTimeoutNs,
        final int maxMessageLength,
        final String outputChannel,
        final int[] outputStreamIds)
    {
        this.sessions = sessions;
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.slowClientTimeoutNs = slowClientTimeoutNs;
        this.maxMessageLength = maxMessageLength;
        this.outputChannel = outputChannel;
        this.outputStreamIds = outputStreamIds;
        this.outputs = new OutputStreams(counters, nanoClock, slowClientTimeoutNs);
    }

    /**
     * The cluster this member serves, once it has started.
     *
     * @param cluster of the member.
     */
    void onStart(final Cluster cluster)
    {
        this.cluster = cluster;
        onRoleChange(cluster.role());
    }

    /**
     * Only the leader publishes the output streams: a member that becomes leader opens them, one that stops being
     * leader closes them.
     *
     * @param role of the member now.
     */
    void onRoleChange(final Cluster.Role role)
    {
        isLeader = Cluster.Role.LEADER == role;
        if (isLeader)
        {
            outputs.open(cluster.aeron(), outputChannel, outputStreamIds);
        }
        else
        {
            outputs.close();
        }
    }

    /**
     * @param outputStreamId of an output stream.
     * @return true when this member publishes the stream and a subscriber is connected.
     */
    boolean isOutputConnected(final int outputStreamId)
    {
        return outputs.isConnected(outputStreamId);
    }

    /**
     * {@inheritDoc}
     */
    public void onConnect(
        final long clientId,
        final long sessionId,
        final DirectBuffer connect,
        final int offset,
        final int length,
        final long lastClientSequence,
        final RejectReason refusal)
    {
        final PendingReply reply = new PendingReply(clientId, sessionId, lastClientSequence, refusal);
        if (!pendingReplies.isEmpty() || !send(reply))
        {
            pendingReplies.add(reply);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onDisconnect(final long clientId)
    {
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        int workCount = 0;
        while (!pendingReplies.isEmpty() && send(pendingReplies.peek()))
        {
            pendingReplies.poll();
            workCount++;
        }
        return workCount;
    }

    /**
     * {@inheritDoc}
     */
    public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
    {
        final long clusterSessionId = sessions.sessionOf(clientId);
        final ClientSession session = ClusterSessions.NO_SESSION == clusterSessionId ? null :
            cluster.getClientSession(clusterSessionId);
        if (null == session)
        {
            counters.egressUndeliverable.incrementRelease();
            return true;
        }

        final long result = session.offer(buffer, offset, length);
        if (result > 0)
        {
            if (isLeader)
            {
                counters.egressMessages.incrementRelease();
            }
            clientBackPressure.clear();
            return true;
        }
        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            counters.egressBackPressure.incrementRelease();
            if (clientBackPressure.hold(nanoClock.nanoTime(), slowClientTimeoutNs))
            {
                return false;
            }
            counters.sessionsTimedOut.incrementRelease();
        }

        // Not connected, closed, or too slow: the client is gone for now; it resends on return.
        counters.egressUndeliverable.incrementRelease();
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean sendToOutput(final int outputStreamId, final DirectBuffer buffer, final int offset, final int length)
    {
        // A follower publishes nothing: the leader's subscribers see each output message once.
        return !isLeader || outputs.offer(outputStreamId, buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        outputs.close();
        pendingReplies.clear();
    }

    private boolean send(final PendingReply reply)
    {
        final ClientSession session = cluster.getClientSession(reply.sessionId);
        if (null == session)
        {
            counters.egressUndeliverable.incrementRelease();
            return true;
        }
        final int length = connectReply.encode(
            replyBuffer, reply.clientId, reply.lastClientSequence, maxMessageLength, reply.refusal);
        final long result = session.offer(replyBuffer, 0, length);
        if (result > 0)
        {
            return true;
        }
        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            return false;
        }
        counters.egressUndeliverable.incrementRelease();
        return true;
    }

    private record PendingReply(long clientId, long sessionId, long lastClientSequence, RejectReason refusal)
    {
    }
}
