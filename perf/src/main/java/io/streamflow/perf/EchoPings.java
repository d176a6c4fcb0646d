package io.streamflow.perf;

import io.streamflow.client.EgressListener;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The message of the bench's bare ping-pongs (Aeron, TCP): the sequence, then the key and the payload as a client
 * would send them; the echo returns it as it is, and its sequence is the answer.
 */
final class EchoPings
{
    private EchoPings()
    {
    }

    /**
     * @return length of the ping written from offset 0.
     */
    static int encode(
        final MutableDirectBuffer buffer,
        final long sequence,
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        buffer.putLong(0, sequence);
        buffer.putBytes(Long.BYTES, key, keyOffset, keyLength);
        buffer.putBytes(Long.BYTES + keyLength, payload, payloadOffset, payloadLength);
        return Long.BYTES + keyLength + payloadLength;
    }

    /**
     * Answer the ping a pong carries.
     */
    static void onPong(final EgressListener listener, final DirectBuffer buffer, final int offset)
    {
        final long sequence = buffer.getLong(offset);
        listener.onAck(sequence, sequence, 0, false);
    }
}
