package io.streamflow.client.load;

import io.streamflow.client.EgressListener;
import io.streamflow.client.StreamFlowClient;
import org.agrona.DirectBuffer;

/**
 * Records to one stream of a StreamFlow node, through a connected client.
 */
public final class RecordTarget implements LoadTarget
{
    private final StreamFlowClient client;
    private final int streamId;

    /**
     * @param client   connected to the node.
     * @param streamId the records go to.
     */
    public RecordTarget(final StreamFlowClient client, final int streamId)
    {
        this.client = client;
        this.streamId = streamId;
    }

    /**
     * {@inheritDoc}
     */
    public long nextSequence()
    {
        return client.nextClientSequence();
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
        return client.offerRecord(
            streamId, sendTimeNs, key, keyOffset, keyLength, payload, payloadOffset, payloadLength);
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        return client.poll(listener, fragmentLimit);
    }
}
