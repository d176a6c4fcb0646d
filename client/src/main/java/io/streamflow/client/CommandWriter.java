package io.streamflow.client;

import org.agrona.MutableDirectBuffer;

/**
 * A fixed-length ingress command the client sends with {@link StreamFlowClient#offerCommand}: the client supplies
 * its id and the client sequence, the writer the rest.
 */
public interface CommandWriter
{
    /**
     * @return exact length of the encoded command, its SBE header included.
     */
    int length();

    /**
     * Encode the command.
     *
     * @param buffer         to encode into.
     * @param offset         of the command's SBE header.
     * @param clientId       of the sending client.
     * @param clientSequence of the command.
     */
    void write(MutableDirectBuffer buffer, int offset, long clientId, long clientSequence);
}
