package io.streamflow.engine;

import io.streamflow.sbe.RejectReason;
import org.agrona.DirectBuffer;

/**
 * How the engine's answers leave it: the one thing a front door must provide besides its ingress. The egress stage
 * calls it, in engine order, for every session event and every message the sequencer and the operators wrote. A
 * standalone node sends over an Aeron publication per client session; a clustered node over the leader's client
 * sessions.
 * <p>
 * A send that cannot go through now (back-pressure) returns false and is offered again, holding every later message
 * back, so answers never overtake each other. The implementation decides when a destination has held long enough to
 * be given up (and counts what it drops): the engine never waits on one reader for ever.
 * <p>
 * Not thread safe: called only by the egress stage's thread.
 */
public interface Egress extends AutoCloseable
{
    /**
     * A client's Connect went through admission.
     *
     * @param clientId           that connected.
     * @param sessionId          of the transport session the Connect came on ({@link IngressSession#sessionId()}).
     * @param connect            buffer holding the Connect message (SBE, with its header), valid during the call only.
     * @param offset             of the message.
     * @param length             of the message.
     * @param lastClientSequence highest client sequence applied for the client, -1 for none: its resend point.
     * @param refusal            null when the client is admitted, else why not (it is to be told so, then dropped).
     */
    void onConnect(
        long clientId,
        long sessionId,
        DirectBuffer connect,
        int offset,
        int length,
        long lastClientSequence,
        RejectReason refusal);

    /**
     * A client said goodbye: its session is to be closed once every message before this one has been sent.
     *
     * @param clientId that disconnected.
     */
    void onDisconnect(long clientId);

    /**
     * Send one message to one client.
     *
     * @param clientId the message is for.
     * @param buffer   holding the message (SBE, with its header).
     * @param offset   of the message.
     * @param length   of the message.
     * @return true when done with it (sent, or dropped and counted because the client is gone); false to be offered
     * the same message again.
     */
    boolean sendToClient(long clientId, DirectBuffer buffer, int offset, int length);

    /**
     * Publish one message to every subscriber of an output stream.
     *
     * @param outputStreamId one of the operator's output streams.
     * @param buffer         holding the message (SBE, with its header).
     * @param offset         of the message.
     * @param length         of the message.
     * @return true when done with it (published, or dropped and counted); false to be offered it again.
     */
    boolean sendToOutput(int outputStreamId, DirectBuffer buffer, int offset, int length);

    /**
     * Work of the egress's own between messages (completing session handshakes, timeouts), once per duty cycle of
     * the egress stage.
     *
     * @return work done, 0 for none.
     */
    default int doWork()
    {
        return 0;
    }

    /**
     * Release what the egress holds (publications, sessions).
     */
    void close();
}
