package io.streamflow.engine;

import io.streamflow.sbe.RejectReason;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One entry of the pipeline ring, preallocated and reused. The sequencer fills it; the journal, operator and egress
 * stages read it in that order, each only after the previous one has released it.
 * <p>
 * {@link #entry} is this slot's own region of one off-heap block: for a command it holds the journal entry exactly
 * as it will be appended (framing, then the ingress message); for a connect it holds the Connect message.
 * {@link #output} holds the egress frames (see {@link EgressFrames}) that the operator or the sequencer wrote for it.
 */
final class RingSlot
{
    /**
     * Room for a command's egress frames before the buffer has to grow (allocating): an order that sweeps a few
     * levels writes two reports and a trade per maker.
     */
    static final int OUTPUT_INITIAL_CAPACITY = 4096;

    /** Sequenced command: journal, operator, egress. */
    static final int COMMAND = 1;
    /** A client opens a session: egress only. */
    static final int CONNECT = 2;
    /** A client closes its session: egress only. */
    static final int DISCONNECT = 3;
    /** An answer the sequencer gave itself (reject, duplicate ack): egress only. */
    static final int REPLY = 4;

    final UnsafeBuffer entry;
    final ExpandableArrayBuffer output = new ExpandableArrayBuffer(OUTPUT_INITIAL_CAPACITY);

    int type;
    int entryLength;
    int outputLength;
    long clientId;
    long lastClientSequence;
    long sessionId;
    RejectReason refusal;

    RingSlot(final UnsafeBuffer entry)
    {
        this.entry = entry;
    }

    void reset(final int type)
    {
        this.type = type;
        this.entryLength = 0;
        this.outputLength = 0;
        this.refusal = null;
    }
}
