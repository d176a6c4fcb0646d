package io.streamflow.perf;

import io.streamflow.client.EgressListener;
import io.streamflow.client.FollowListener;
import io.streamflow.client.FollowedRecord;
import io.streamflow.client.LogFollower;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadTarget;
import io.streamflow.client.load.RecordTarget;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Records to one stream (sent as {@link RecordTarget} sends them), answered when a remote consumer receives them: a
 * follow of the stream through the node's log server (journal, then live), as a Kafka consumer receives what a
 * producer sent. The producer's acks are taken and dropped; a reject still answers. The follow is live before the
 * first record is sent.
 */
final class FollowTarget implements LoadTarget, FollowListener, AutoCloseable
{
    private final StreamFlowClient client;
    private final RecordTarget records;
    private final LogFollower follower;
    private final AcksDropped acksDropped = new AcksDropped();
    private EgressListener listener;
    private boolean isLive;

    /**
     * @param client   connected to the node, that sends the records and follows them.
     * @param streamId the records go to and are followed on.
     */
    FollowTarget(final StreamFlowClient client, final int streamId)
    {
        this.client = client;
        this.records = new RecordTarget(client, streamId);
        this.follower = client.follow(streamId, LogFollower.EVERY_PARTITION, FollowFrom.LATEST, 0);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!isLive)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the follow of stream " + streamId + " did not go live in 10 s");
            }
            if (0 == follower.poll(this, 16))
            {
                Thread.yield();
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public long nextSequence()
    {
        return records.nextSequence();
    }

    /**
     * {@inheritDoc}
     */
    public long offer(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final long sendTimeNs)
    {
        return records.offer(key, keyOffset, keyLength, payload, payloadOffset, payloadLength, sendTimeNs);
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        this.listener = listener;
        acksDropped.listener = listener;
        return client.poll(acksDropped, fragmentLimit) + follower.poll(this, fragmentLimit);
    }

    /**
     * {@inheritDoc}
     */
    public void onRecord(final FollowedRecord record)
    {
        if (null != listener && record.clientId() == client.clientId())
        {
            listener.onAck(record.clientSequence(), record.engineSequence(), record.timestampNs(), false);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onLive(final long correlationId, final long engineSequence)
    {
        isLive = true;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.close(follower);
    }

    /** The producer's egress: acks dropped (the consumer's receipt answers), rejects passed on. */
    private static final class AcksDropped implements EgressListener
    {
        EgressListener listener;

        public void onAck(
            final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
        {
        }

        public void onReject(
            final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
        {
            listener.onReject(clientSequence, reason, rejectedTemplateId, detail);
        }
    }
}
