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
 * In the sync durability mode each batch appended is synced to the storage device before any of it is released, so
 * that nothing is acknowledged that a power failure could take back. A sync that fails is handled as a failed append:
 * reported, the batch held and offered again (its appends are then skipped as already journaled), and synced again.
 * <p>
 * Not thread safe: runs on the journal thread.
 */
final class JournalStage implements Agent, SlotHandler, RingConsumer.BeforeRelease
{
    /** Most duty cycles between two tries of a failing append. */
    static final int MAX_RETRY_BACKOFF_CYCLES = 1024;

    private final RingConsumer consumer;
    private final JournalAppender appender;
    private final NodeCounters counters;
    private final ErrorHandler errorHandler;
    private final boolean isSyncing;
    private boolean hasUnsyncedAppends;
    private long lastCountedSequence = -1;
    private int retryBackoffCycles;
    private int cyclesToRetry;

    JournalStage(
        final RingConsumer consumer,
        final JournalAppender appender,
        final NodeCounters counters,
        final ErrorHandler errorHandler,
        final boolean isSyncing)
    {
        this.consumer = consumer;
        this.appender = appender;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.isSyncing = isSyncing;
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
        final int work = isSyncing ? consumer.poll(this, this) : consumer.poll(this);
        // Nothing to append: fault in the page the next append writes, so that the append does not wait for it.
        return 0 != work ? work : appender.onIdle();
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
                // False when an earlier try had written the entry: journaled all the same, once.
                appender.append(slot.entry, 0, slot.entryLength);
                if (isSyncing)
                {
                    hasUnsyncedAppends = true;
                }
                else
                {
                    retryBackoffCycles = 0;
                }
            }
            catch (final RuntimeException | Error ex)
            {
                onFault(ex);
                return false;
            }
            final long engineSequence =
                slot.entry.getLong(JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, JournalEntryDecoder.BYTE_ORDER);
            // A slot offered again (after a fault) is counted once.
            if (engineSequence > lastCountedSequence)
            {
                lastCountedSequence = engineSequence;
                counters.journalEntries.incrementRelease();
                counters.journalLastSequence.setRelease(engineSequence);
            }
        }

        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean onBatchHandled()
    {
        if (!hasUnsyncedAppends)
        {
            return true;
        }
        try
        {
            appender.sync();
            hasUnsyncedAppends = false;
            retryBackoffCycles = 0;
            counters.journalSyncs.incrementRelease();
            return true;
        }
        catch (final RuntimeException | Error ex)
        {
            onFault(ex);
            return false;
        }
    }

    private void onFault(final Throwable ex)
    {
        errorHandler.onError(ex);
        retryBackoffCycles = Math.min(MAX_RETRY_BACKOFF_CYCLES, Math.max(1, retryBackoffCycles * 2));
        cyclesToRetry = retryBackoffCycles;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        CloseHelper.close(appender);
    }
}
