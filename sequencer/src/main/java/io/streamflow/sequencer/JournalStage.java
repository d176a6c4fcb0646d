package io.streamflow.sequencer;

import io.streamflow.journal.JournalWriter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;

/**
 * First stage after the sequencer: appends every command to the journal before any later stage may see it, so no
 * effect of a command ever leaves the node before the command is durable (invariant: journal before effect).
 * <p>
 * If an append throws (a full disk), the slot is not released: the agent's error handler counts the error and the
 * same append is tried again on the next duty cycle, the pipeline held until it succeeds.
 * <p>
 * Not thread safe: runs on the journal thread.
 */
final class JournalStage implements Agent, SlotHandler
{
    private final RingConsumer consumer;
    private final JournalWriter writer;
    private final NodeCounters counters;

    JournalStage(final RingConsumer consumer, final JournalWriter writer, final NodeCounters counters)
    {
        this.consumer = consumer;
        this.writer = writer;
        this.counters = counters;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-journal";
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
            writer.append(slot.entry, 0, slot.entryLength);
            counters.journalEntries.incrementRelease();
            counters.journalLastSequence.setRelease(slot.entry.getLong(
                io.streamflow.journal.JournalEntryLayout.ENGINE_SEQUENCE_OFFSET,
                io.streamflow.sbe.journal.JournalEntryDecoder.BYTE_ORDER));
        }

        return true;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        CloseHelper.close(writer);
    }
}
