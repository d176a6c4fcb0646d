package io.streamflow.sequencer;

import io.streamflow.journal.JournalEntryView;
import io.streamflow.operators.Operator;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;

/**
 * Second stage: applies each journaled command to the operator, which writes its results into the slot's output for
 * egress. An operator that throws is a bug, not bad input: the error is counted and reported, the command stays
 * journaled, and the pipeline goes on.
 * <p>
 * Every {@code snapshotInterval} commands, and when the node closes, the operator's state is written to the snapshot
 * store, so that a restart replays only the journal after it. A snapshot pauses this stage while it is written.
 * <p>
 * Not thread safe: runs on the operator thread.
 */
final class OperatorStage implements Agent, SlotHandler
{
    private final RingConsumer consumer;
    private final Operator operator;
    private final NodeCounters counters;
    private final ErrorHandler errorHandler;
    private final JournalEntryView entry = new JournalEntryView();
    private final EgressFrames frames = new EgressFrames();
    private final SnapshotStore snapshots;
    private final long snapshotInterval;
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(4096);
    private long lastSequence;
    private long lastTimestampNs;
    private long sinceSnapshot;

    OperatorStage(
        final RingConsumer consumer,
        final Operator operator,
        final NodeCounters counters,
        final ErrorHandler errorHandler,
        final SnapshotStore snapshots,
        final long snapshotInterval,
        final OperatorRecovery.Result recovered)
    {
        this.consumer = consumer;
        this.operator = operator;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.snapshots = snapshots;
        this.snapshotInterval = snapshotInterval;
        this.lastSequence = recovered.lastSequence();
        this.lastTimestampNs = recovered.lastTimestampNs();
        this.sinceSnapshot = recovered.snapshotSequence() == recovered.lastSequence() ? 0 : recovered.replayed();
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-operator";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        final int workCount = consumer.poll(this);
        if (snapshotInterval > 0 && sinceSnapshot >= snapshotInterval)
        {
            takeSnapshot();
        }
        return workCount;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        if (sinceSnapshot > 0)
        {
            takeSnapshot();
        }
    }

    /**
     * {@inheritDoc}
     */
    public boolean onSlot(final RingSlot slot, final long ringSequence)
    {
        if (RingSlot.COMMAND == slot.type)
        {
            entry.wrap(slot.entry, 0, slot.entryLength);
            lastSequence = entry.engineSequence();
            lastTimestampNs = entry.timestampNs();
            sinceSnapshot++;
            try
            {
                operator.onCommand(
                    entry.engineSequence(),
                    entry.timestampNs(),
                    slot.entry,
                    entry.messageOffset(),
                    entry.messageLength(),
                    frames.wrap(slot));
            }
            catch (final Exception ex)
            {
                counters.operatorErrors.incrementRelease();
                errorHandler.onError(ex);
            }
        }

        return true;
    }

    private void takeSnapshot()
    {
        sinceSnapshot = 0;
        try
        {
            final int length = operator.snapshot(snapshotBuffer, 0);
            snapshots.write(lastSequence, lastTimestampNs, operator.stateHash(), snapshotBuffer, length);
            counters.snapshots.incrementRelease();
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
    }
}
