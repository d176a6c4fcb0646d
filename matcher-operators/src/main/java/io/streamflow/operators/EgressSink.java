package io.streamflow.operators;

import org.agrona.MutableDirectBuffer;

/**
 * Where an {@link Operator} writes the messages its command produces. Claim space for one message, encode it into
 * {@link #buffer()} at the returned offset, then {@link #commit(int)} its actual length.
 * <p>
 * Not thread safe: used only by the operator thread during {@link Operator#onCommand}.
 */
public interface EgressSink
{
    /**
     * Claim space for one message to a client.
     *
     * @param clientId  the message is for.
     * @param maxLength most bytes the message will take, its SBE header included.
     * @return offset in {@link #buffer()} where the message is to be encoded.
     */
    int claim(long clientId, int maxLength);

    /**
     * Claim space for one message to an output stream: every subscriber of it receives the message.
     *
     * @param outputStreamId one of the operator's {@link Operator#outputStreamIds()}.
     * @param maxLength      most bytes the message will take, its SBE header included.
     * @return offset in {@link #buffer()} where the message is to be encoded.
     */
    int claimOutput(int outputStreamId, int maxLength);

    /**
     * @return buffer to encode the claimed message into; may change with each claim.
     */
    MutableDirectBuffer buffer();

    /**
     * Complete the claimed message.
     *
     * @param length of the encoded message, its SBE header included; at most the claimed length.
     */
    void commit(int length);
}
