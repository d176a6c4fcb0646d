package io.streamflow.client.load;

import io.streamflow.client.EgressListener;
import org.agrona.DirectBuffer;

/**
 * What a {@link LoadGenerator} drives: a StreamFlow node through its client, or a bare transport to compare with.
 * Answers come back through {@link EgressListener#onAck}, correlated by the sequence {@link #offer} returned.
 */
public interface LoadTarget
{
    /**
     * @return sequence the next successful offer will return.
     */
    long nextSequence();

    /**
     * One attempt to send one message.
     *
     * @param key           buffer of the key.
     * @param keyOffset     of the key.
     * @param keyLength     of the key.
     * @param payload       buffer of the payload.
     * @param payloadOffset of the payload.
     * @param payloadLength of the payload.
     * @param sendTimeNs    when it is sent ({@link System#nanoTime()}).
     * @return the message's sequence, or a negative {@code Publication} code when nothing was sent.
     */
    long offer(
        DirectBuffer key,
        int keyOffset,
        int keyLength,
        DirectBuffer payload,
        int payloadOffset,
        int payloadLength,
        long sendTimeNs);

    /**
     * Deliver answers and do housekeeping.
     *
     * @param listener      for answers.
     * @param fragmentLimit most fragments to take.
     * @return work done.
     */
    int poll(EgressListener listener, int fragmentLimit);
}
