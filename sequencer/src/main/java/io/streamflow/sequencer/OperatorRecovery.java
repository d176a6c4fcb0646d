package io.streamflow.sequencer;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryHandler;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.operators.EgressSink;
import io.streamflow.operators.Operator;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Rebuilds the operator's state before the node takes ingress: restores the newest intact snapshot, then replays the
 * journal from the command after it, with the results discarded (they were sent before the restart). Without a
 * snapshot the whole journal is replayed. Operators are deterministic, so the state is the one they had.
 * <p>
 * A snapshot taken after the last journaled command refuses the start: the journal lost entries the state saw.
 */
final class OperatorRecovery implements JournalEntryHandler, EgressSink
{
    private final Operator operator;
    private final JournalEntryView entry = new JournalEntryView();
    private final ExpandableArrayBuffer discarded = new ExpandableArrayBuffer(4096);
    private long replayed;
    private long operatorErrors;
    private long lastSequence = -1;
    private long lastTimestampNs;

    private OperatorRecovery(final Operator operator)
    {
        this.operator = operator;
    }

    /**
     * What recovery found and did.
     *
     * @param snapshotSequence engine sequence of the snapshot restored, -1 for none.
     * @param replayed         commands replayed from the journal after it.
     * @param lastSequence     last command applied, -1 for none.
     * @param lastTimestampNs  its sequencing time.
     * @param stateHash        of the operator after recovery.
     */
    record Result(long snapshotSequence, long replayed, long lastSequence, long lastTimestampNs, long stateHash)
    {
    }

    /**
     * @param journal            recovered by {@link JournalRecovery}.
     * @param nextEngineSequence the sequencer will assign next.
     * @param operator           new, to rebuild.
     * @param snapshots          to restore from.
     * @param logger             told what was done.
     * @return what was done.
     */
    static Result recover(
        final Journal journal,
        final long nextEngineSequence,
        final Operator operator,
        final SnapshotStore snapshots,
        final System.Logger logger)
    {
        final SnapshotStore.Snapshot snapshot = snapshots.newest(logger);
        final OperatorRecovery recovery = new OperatorRecovery(operator);
        if (null != snapshot)
        {
            if (snapshot.engineSequence() >= nextEngineSequence)
            {
                throw new IllegalStateException("snapshot " + snapshot.file() + " is of engine sequence " +
                    snapshot.engineSequence() + " but the journal ends before " + nextEngineSequence +
                    ": the journal lost commands the state had applied; restore the journal, or remove the " +
                    "snapshots to rebuild from the journal alone");
            }
            operator.restore(snapshot.state(), 0, snapshot.state().capacity());
            final long hash = operator.stateHash();
            if (hash != snapshot.stateHash())
            {
                throw new IllegalStateException("snapshot " + snapshot.file() + " restores to state hash " +
                    Long.toHexString(hash) + ", not the " + Long.toHexString(snapshot.stateHash()) + " it recorded: " +
                    "the operator is configured differently from the node that wrote it");
            }
            recovery.lastSequence = snapshot.engineSequence();
            recovery.lastTimestampNs = snapshot.timestampNs();
        }

        try (JournalReader reader = journal.newReader())
        {
            if (reader.seek(recovery.lastSequence + 1))
            {
                while (reader.poll(recovery, 4096) > 0)
                {
                    continue;
                }
            }
        }

        final Result result = new Result(null == snapshot ? -1 : snapshot.engineSequence(), recovery.replayed,
            recovery.lastSequence, recovery.lastTimestampNs, operator.stateHash());
        logger.log(System.Logger.Level.INFO, "operator: " +
            (null == snapshot ? "no snapshot" : "restored snapshot " + snapshot.file().getName()) + ", replayed " +
            result.replayed() + " commands from the journal (" + recovery.operatorErrors + " operator errors), state " +
            "hash " + Long.toHexString(result.stateHash()));
        return result;
    }

    /**
     * {@inheritDoc}
     */
    public void onEntry(final DirectBuffer buffer, final int offset, final int length, final long journalIndex)
    {
        entry.wrap(buffer, offset, length);
        final long engineSequence = entry.engineSequence();
        if (engineSequence <= lastSequence)
        {
            return;
        }
        try
        {
            operator.onCommand(
                engineSequence, entry.timestampNs(), buffer, entry.messageOffset(), entry.messageLength(), this);
        }
        catch (final RuntimeException ex)
        {
            // The same error the operator stage counted when the command first came: replay reproduces it.
            operatorErrors++;
        }
        lastSequence = engineSequence;
        lastTimestampNs = entry.timestampNs();
        replayed++;
    }

    /**
     * {@inheritDoc}
     */
    public int claim(final long clientId, final int maxLength)
    {
        discarded.checkLimit(maxLength);
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public int claimOutput(final int outputStreamId, final int maxLength)
    {
        discarded.checkLimit(maxLength);
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public MutableDirectBuffer buffer()
    {
        return discarded;
    }

    /**
     * {@inheritDoc}
     */
    public void commit(final int length)
    {
        // Replayed results were delivered before the restart.
    }
}
