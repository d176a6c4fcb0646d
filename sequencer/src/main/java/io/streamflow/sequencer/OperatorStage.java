package io.streamflow.sequencer;

import io.streamflow.journal.JournalEntryView;
import io.streamflow.operators.Operator;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;

/**
 * Second stage: applies each journaled command to the operator, which writes its results into the slot's output for
 * egress. An operator that throws is a bug, not bad input: the error is counted and reported, the command stays
 * journaled, and the pipeline goes on.
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

    OperatorStage(
        final RingConsumer consumer,
        final Operator operator,
        final NodeCounters counters,
        final ErrorHandler errorHandler)
    {
        this.consumer = consumer;
        this.operator = operator;
        this.counters = counters;
        this.errorHandler = errorHandler;
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
        return consumer.poll(this);
    }

    /**
     * {@inheritDoc}
     */
    public boolean onSlot(final RingSlot slot, final long ringSequence)
    {
        if (RingSlot.COMMAND == slot.type)
        {
            entry.wrap(slot.entry, 0, slot.entryLength);
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
}
