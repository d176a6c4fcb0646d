package io.streamflow.engine;

import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.OutputLog;
import io.streamflow.operators.Operator;
import io.streamflow.protocol.CommandView;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;

/**
 * Second stage, the operator host: applies each journaled command to the operator, which writes its results into the
 * slot's output for egress. An operator that throws is a bug, not bad input: the error is counted and reported, the
 * command stays journaled, and the pipeline goes on.
 * <p>
 * The stage keeps its own copy of the dedup table and of the partitions' offsets, following the commands as they are
 * applied, so that a snapshot holds the whole engine state at one engine sequence: those, the operator's state, and
 * (in the snapshot's frame) the next engine sequence and the last timestamp. Every {@code snapshotInterval} commands,
 * and when the engine closes, that state is written to the snapshot store, so that a restart reads only the journal
 * after it. A snapshot pauses this stage while it is written. Where the host owns the state there is no store: the
 * host asks for the state ({@link #encodeState}) when its own snapshot is due.
 * <p>
 * Not thread safe: runs on the operator thread.
 */
final class OperatorStage implements Agent, SlotHandler, RingConsumer.BeforeRelease
{
    private final RingConsumer consumer;
    private final Operator operator;
    private final DedupTable applied;
    private final PartitionOffsets appliedOffsets;
    private final NodeCounters counters;
    private final ErrorHandler errorHandler;
    private final JournalEntryView entry = new JournalEntryView();
    private final CommandView command = new CommandView();
    private final EgressFrames frames = new EgressFrames();
    private final SnapshotStore snapshots;
    private final EngineStateCodec stateCodec = new EngineStateCodec();
    private final long snapshotInterval;
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(4096);
    private final SnapshotCodec snapshotCodec = new SnapshotCodec();
    private final OutputLog outputLog;
    private final PublishedStreams publishedStreams;
    private long lastSequence;
    private long lastTimestampNs;
    private long sinceSnapshot;
    private RingSlot lastCommandSlot;

    OperatorStage(
        final RingConsumer consumer,
        final Operator operator,
        final DedupTable applied,
        final PartitionOffsets appliedOffsets,
        final NodeCounters counters,
        final ErrorHandler errorHandler,
        final SnapshotStore snapshots,
        final long snapshotInterval,
        final EngineRecovery.Result recovered,
        final OutputLog outputLog,
        final PublishedStreams publishedStreams)
    {
        this.publishedStreams = publishedStreams;
        this.outputLog = outputLog;
        this.consumer = consumer;
        this.operator = operator;
        this.applied = applied;
        this.appliedOffsets = appliedOffsets;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.snapshots = snapshots;
        this.snapshotInterval = snapshotInterval;
        this.lastSequence = recovered.nextEngineSequence() - 1;
        this.lastTimestampNs = recovered.lastTimestampNs();
        this.sinceSnapshot = recovered.replayed();
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
        final int workCount = consumer.poll(this, this);
        if (null != snapshots && snapshotInterval > 0 && sinceSnapshot >= snapshotInterval)
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
        if (null != snapshots && sinceSnapshot > 0)
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
            lastCommandSlot = slot;
            entry.wrap(slot.entry, 0, slot.entryLength);
            final long engineSequence = entry.engineSequence();
            lastSequence = engineSequence;
            lastTimestampNs = entry.timestampNs();
            sinceSnapshot++;
            command.wrap(slot.entry, entry.messageOffset(), entry.messageLength());
            applied.onApplied(command.clientId(), command.clientSequence(), engineSequence);
            appliedOffsets.onApplied(entry);
            publishedStreams.publish(appliedOffsets.catalog());
            final int framesBefore = slot.outputLength;
            try
            {
                operator.onCommand(
                    engineSequence,
                    entry.timestampNs(),
                    entry.partition(),
                    entry.partitionOffset(),
                    slot.entry,
                    entry.messageOffset(),
                    entry.messageLength(),
                    frames.wrap(slot));
            }
            catch (final Exception ex)
            {
                onOperatorError(ex);
            }
            logOutputs(slot, framesBefore, engineSequence, lastTimestampNs);
        }

        return true;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The end of a batch: what the operator conflates across the batch's commands goes out after the last command's
     * own results, in that command's slot.
     */
    public boolean onBatchHandled()
    {
        final RingSlot slot = lastCommandSlot;
        if (null != slot)
        {
            lastCommandSlot = null;
            final int framesBefore = slot.outputLength;
            try
            {
                operator.onBatchEnd(frames.wrap(slot));
            }
            catch (final Exception ex)
            {
                onOperatorError(ex);
            }
            logOutputs(slot, framesBefore, lastSequence, lastTimestampNs);
        }
        return true;
    }

    /**
     * The output frames a command (or a batch's end) added to its slot go to the output log before any later stage
     * publishes them, and before a snapshot that holds their command is written.
     */
    private void logOutputs(final RingSlot slot, final int from, final long engineSequence, final long timestampNs)
    {
        if (null == outputLog)
        {
            return;
        }
        final ExpandableArrayBuffer output = slot.output;
        int frame = from;
        while (frame < slot.outputLength)
        {
            final int length = output.getInt(frame + EgressFrames.LENGTH_OFFSET);
            if (EgressFrames.TO_OUTPUT == output.getInt(frame + EgressFrames.KIND_OFFSET))
            {
                outputLog.append((int)output.getLong(frame + EgressFrames.DESTINATION_OFFSET), engineSequence,
                    timestampNs, output, frame + EgressFrames.HEADER_LENGTH, length);
            }
            frame += EgressFrames.HEADER_LENGTH + length;
        }
    }

    private void onOperatorError(final Exception ex)
    {
        counters.operatorErrors.incrementRelease();
        errorHandler.onError(ex);
    }

    /**
     * @return ring sequence of the last slot this stage has applied. Any thread.
     */
    long sequence()
    {
        return consumer.sequence().get();
    }

    /**
     * Continue after a state the host restored.
     *
     * @param lastSequence    engine sequence of the last command in the state, -1 for none.
     * @param lastTimestampNs its timestamp.
     */
    void restore(final long lastSequence, final long lastTimestampNs)
    {
        this.lastSequence = lastSequence;
        this.lastTimestampNs = lastTimestampNs;
    }

    /**
     * The whole engine state as this stage has applied it, as a snapshot ({@link SnapshotCodec}); a host that
     * writes it to a snapshot of its own counts it.
     *
     * @param out to encode into, from offset 0.
     * @return length of the snapshot.
     */
    int encodeState(final ExpandableArrayBuffer out)
    {
        final int length = stateCodec.encode(snapshotBuffer, 0, applied, appliedOffsets, operator);
        final int snapshotLength = snapshotCodec.encode(
            out, lastSequence, lastTimestampNs, operator.stateHash(), snapshotBuffer, length);
        return snapshotLength;
    }

    private void takeSnapshot()
    {
        sinceSnapshot = 0;
        try
        {
            final int length = stateCodec.encode(snapshotBuffer, 0, applied, appliedOffsets, operator);
            snapshots.write(lastSequence, lastTimestampNs, operator.stateHash(), snapshotBuffer, length);
            counters.snapshots.incrementRelease();
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
    }
}
