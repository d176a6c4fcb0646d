package io.streamflow.engine;

import io.streamflow.journal.JournalAppender;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.sbe.journal.JournalEntryDecoder;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;

/**
 * First stage after admission: appends every command to the journal before any later stage may see it, so no effect
 * of a command ever leaves the node before the command is durable (invariant: journal before effect).
 * <p>
 * If an append throws (a full disk), the error is reported once for that attempt and the slot is not released: the
 * same append is tried again later, the pipeline held until it succeeds. Retries back off, doubling the duty cycles
 * between them up to {@value #MAX_RETRY_BACKOFF_CYCLES}, so that a lasting fault does not flood the error log. The
 * appender is idempotent by engine sequence, so an append that failed after its entry reached the journal is not
 * written twice.
 * <p>
 * Not thread safe: runs on the journal thread.
 */
final class JournalStage implements Agent, SlotHandler
{
    /** Most duty cycles between two tries of a failing append. */
    static final int MAX_RETRY_BACKOFF_CYCLES = 1024;

    private final RingConsumer consumer;
    private final JournalAppender appender;
    private final NodeCounters counters;
    private final ErrorHandler errorHandler;
    private int retryBackoffCycles;
    private int cyclesToRetry;

    JournalStage(
        final RingConsumer consumer,
        final JournalAppender appender,
        final NodeCounters counters,
        final ErrorHandler errorHandler)
    {
        this.consumer = consumer;
        this.appender = appender;
        this.counters = counters;
        this.errorHandler = errorHandler;
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
        if (cyclesToRetry > 0)
        {
            cyclesToRetry--;
            return 0;
        }
        return consumer.poll(this);
    }

    /**
     * {@inheritDoc}
     */
    public boolean onSlot(final RingSlot slot, final long ringSequence)
    {
        if (RingSlot.COMMAND == slot.type)
        {
            try
            {
                // False when an earlier try had written the entry before it failed: journaled all the same, once.
                appender.append(slot.entry, 0, slot.entryLength);
                retryBackoffCycles = 0;
            }
            catch (final RuntimeException | Error ex)
            {
                errorHandler.onError(ex);
                retryBackoffCycles = Math.min(MAX_RETRY_BACKOFF_CYCLES, Math.max(1, retryBackoffCycles * 2));
                cyclesToRetry = retryBackoffCycles;
                return false;
            }
            counters.journalEntries.incrementRelease();
            counters.journalLastSequence.setRelease(
                slot.entry.getLong(JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, JournalEntryDecoder.BYTE_ORDER));
        }

        return true;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        CloseHelper.close(appender);
    }
}
