package io.streamflow.operators;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

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
     * @param partition      of a record in its stream, -1 for other commands.
     * @param partitionOffset of a record in its partition, -1 for other commands.
     * @param buffer         holding the ingress command (SBE, with its message header), valid during the call only.
     * @param offset         of the command in the buffer.
     * @param length         of the command.
     * @param egress         where the results go; each is delivered after this call returns.
     */
    void onCommand(
        long engineSequence,
        long timestampNs,
        int partition,
        long partitionOffset,
        DirectBuffer buffer,
        int offset,
        int length,
        EgressSink egress);

    /**
     * After the last command of a batch (the commands the host applied in one go): emit what the operator conflates
     * across commands (the matcher's top of book). Hosts call it at the end of every batch, so before every snapshot
     * and state hash, and at the end of recovery: an operator's state must not depend on where batches ended.
     *
     * @param egress where the results go, after those of the batch's last command.
     */
    default void onBatchEnd(final EgressSink egress)
    {
    }

    /**
     * @return ids of the output streams this operator writes to with {@link EgressSink#claimOutput}; the node opens
     * them before the first command so that subscribers can join early.
     */
    default int[] outputStreamIds()
    {
        return new int[0];
    }

    /**
     * Write the operator's whole state, canonically: equal states give equal bytes. A stateless operator writes
     * nothing.
     *
     * @param buffer to write to; grows to fit.
     * @param offset to write at.
     * @return bytes written.
     */
    default int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return 0;
    }

    /**
     * Rebuild the state a {@link #snapshot} wrote, into a new operator configured as the one that wrote it.
     *
     * @param buffer holding the snapshot.
     * @param offset of the snapshot.
     * @param length of the snapshot.
     * @throws IllegalArgumentException or IllegalStateException when the snapshot does not fit this operator.
     */
    default void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        if (0 != length)
        {
            throw new IllegalStateException(getClass().getSimpleName() + " keeps no state but was given " + length +
                " bytes of it");
        }
    }

    /**
     * After {@link #restore}: what of the snapshot this operator deliberately did not take as it was, because it is
     * configured differently by design (a pipeline added or removed). Its state then differs from the snapshot's, and
     * the host does not compare their hashes; it logs this instead.
     *
     * @return what changed, or null when the state is the snapshot's.
     */
    default String restoreChanges()
    {
        return null;
    }

    /**
     * @return hash of the state: {@link StateHash} of its {@link #snapshot}, equal for operators that will behave
     * identically. Not for the hot path: it writes a snapshot.
     */
    default long stateHash()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        return StateHash.of(buffer, 0, snapshot(buffer, 0));
    }
}
