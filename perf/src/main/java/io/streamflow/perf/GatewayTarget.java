package io.streamflow.perf;

import io.streamflow.client.EgressListener;
import io.streamflow.client.load.LoadTarget;
import io.streamflow.sbe.AckDecoder;
import io.streamflow.sbe.AckStatus;
import io.streamflow.sbe.ConnectAckDecoder;
import io.streamflow.sbe.ConnectEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.RejectDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Records to a node through its binary gateway, as a TCP client without Aeron sends them: a Record frame per message,
 * answered by the node's Ack frame. Allocation free once connected.
 */
final class GatewayTarget implements LoadTarget, AutoCloseable
{
    private final TcpFrameChannel channel;
    private final long clientId;
    private final int streamId;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RecordEncoder record = new RecordEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final RejectDecoder reject = new RejectDecoder();
    private final TcpFrameChannel.FrameHandler onAnswer = this::onAnswer;
    private EgressListener listener;
    private long nextSequence;
    private boolean connected;

    /**
     * @param port     of the gateway on loopback.
     * @param clientId to connect as.
     * @param streamId of the records.
     */
    GatewayTarget(final int port, final long clientId, final int streamId)
    {
        this.clientId = clientId;
        this.streamId = streamId;
        channel = new TcpFrameChannel(port);
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientId(clientId)
            .responseStreamId(0)
            .responseChannel("")
            .putCredentials(new byte[0], 0, 0);
        channel.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!connected)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                channel.close();
                throw new IllegalStateException("no ConnectAck through the gateway at port " + port);
            }
            if (0 == channel.poll(onAnswer))
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
        return nextSequence;
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
        record.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientId(clientId)
            .clientSequence(nextSequence)
            .streamId(streamId)
            .eventTimestampNs(0)
            .partition(RecordEncoder.partitionNullValue())
            .putKey(key, keyOffset, keyLength)
            .putPayload(payload, payloadOffset, payloadLength);
        final long result = channel.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength());
        return result < 0 ? result : nextSequence++;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        this.listener = listener;
        return channel.poll(onAnswer);
    }

    private void onAnswer(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case ConnectAckDecoder.TEMPLATE_ID:
                connected = true;
                break;

            case AckDecoder.TEMPLATE_ID:
                ack.wrap(buffer, body, header.blockLength(), header.version());
                listener.onAck(ack.clientSequence(), ack.engineSequence(), ack.timestampNs(),
                    AckStatus.DUPLICATE == ack.status());
                break;

            case RejectDecoder.TEMPLATE_ID:
                reject.wrap(buffer, body, header.blockLength(), header.version());
                if (null == listener)
                {
                    throw new IllegalStateException("the gateway refused the connection: " + reject.reason());
                }
                listener.onReject(reject.clientSequence(), reject.reason(), reject.rejectedTemplateId(), "");
                break;

            default:
                break;
        }
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        channel.close();
    }
}
