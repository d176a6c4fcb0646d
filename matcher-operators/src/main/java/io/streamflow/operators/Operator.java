package io.streamflow.operators;

import org.agrona.DirectBuffer;

/**
 * Business logic applied to every sequenced command, in engine sequence order, on one thread, after the command is
 * in the journal. An operator is a deterministic state machine: what it emits depends only on the commands it has
 * been given (time included: it arrives as the sequencing timestamp), so replaying the journal rebuilds it exactly.
 * <p>
 * Implementations are not thread safe and need not be: the pipeline calls them from one thread only.
 */
@FunctionalInterface
public interface Operator
{
    /**
     * Apply one sequenced command.
     *
     * @param engineSequence position of the command in the journal.
     * @param timestampNs    sequencing time of the command, the only clock an operator may read.
     * @param buffer         holding the ingress command (SBE, with its message header), valid during the call only.
     * @param offset         of the command in the buffer.
     * @param length         of the command.
     * @param egress         where the results go; each is delivered after this call returns.
     */
    void onCommand(
        long engineSequence, long timestampNs, DirectBuffer buffer, int offset, int length, EgressSink egress);
}
