package io.streamflow.sequencer;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalChecksum;
import io.streamflow.journal.JournalEntryHandler;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.TornTail;
import io.streamflow.protocol.CommandView;
import org.agrona.DirectBuffer;

/**
 * Rebuilds the sequencer's state from the journal before the node takes any ingress: clears the remnant of an entry
 * torn by a crash, checks every entry, and replays them into the dedup table to find the next engine sequence.
 * <p>
 * A bad entry anywhere refuses the start: the journal is the truth, and a node that guessed past a damaged one could
 * hand out a sequence twice or forget an applied command.
 */
final class JournalRecovery implements JournalEntryHandler
{
    private final DedupTable dedup;
    private final JournalEntryView entry = new JournalEntryView();
    private final JournalChecksum checksum = new JournalChecksum();
    private final CommandView command = new CommandView();
    private long entries;
    private long nextEngineSequence;
    private long lastTimestampNs;

    private JournalRecovery(final DedupTable dedup)
    {
        this.dedup = dedup;
    }

    /**
     * @param journal        to recover from, not yet written by this process.
     * @param dedup          to fill.
     * @param maxEntryLength longest entry a writer could have been writing when it died.
     * @param logger         told what was found.
     * @return the state to resume from.
     * @throws IllegalStateException when an entry is damaged.
     */
    static Result recover(
        final Journal journal, final DedupTable dedup, final int maxEntryLength, final System.Logger logger)
    {
        final TornTail tornTail = TornTail.detect(journal, maxEntryLength);
        if (null != tornTail)
        {
            logger.log(System.Logger.Level.WARNING,
                "journal: " + tornTail + ", left by a writer that stopped mid-entry; truncating to the last complete " +
                "entry (it was never acknowledged)");
            tornTail.clear();
        }

        final JournalRecovery recovery = new JournalRecovery(dedup);
        try (JournalReader reader = journal.newReader())
        {
            while (reader.poll(recovery, 4096) > 0)
            {
                continue;
            }
        }

        logger.log(System.Logger.Level.INFO, "journal: recovered " + recovery.entries + " entries from " +
            journal.directory() + ", next engine sequence " + recovery.nextEngineSequence + ", " +
            dedup.clientCount() + " clients");

        return new Result(recovery.entries, recovery.nextEngineSequence, recovery.lastTimestampNs, tornTail);
    }

    /**
     * {@inheritDoc}
     */
    public void onEntry(final DirectBuffer buffer, final int offset, final int length, final long journalIndex)
    {
        entry.wrap(buffer, offset, length);
        final String fault = entry.structuralFault();
        if (null != fault || !checksum.matches(buffer, offset, length))
        {
            throw new IllegalStateException("journal entry #" + entries + " (index 0x" +
                Long.toHexString(journalIndex) + ") is damaged: " + (null != fault ? fault : "checksum mismatch") +
                "; run 'streamflow journal verify' and restore the journal before starting the node");
        }

        final long engineSequence = entry.engineSequence();
        if (entries > 0 && engineSequence != nextEngineSequence)
        {
            throw new IllegalStateException("journal entry #" + entries + " has engine sequence " + engineSequence +
                " where " + nextEngineSequence + " was expected; run 'streamflow journal verify'");
        }

        command.wrap(buffer, entry.messageOffset(), entry.messageLength());
        dedup.onApplied(command.clientId(), command.clientSequence(), engineSequence);
        nextEngineSequence = engineSequence + 1;
        lastTimestampNs = entry.timestampNs();
        entries++;
    }

    /**
     * State recovered from the journal.
     *
     * @param entries            replayed.
     * @param nextEngineSequence the next command gets.
     * @param lastTimestampNs    of the last entry, which later timestamps must not go below.
     * @param tornTail           the remnant cleared, or null.
     */
    record Result(long entries, long nextEngineSequence, long lastTimestampNs, TornTail tornTail)
    {
    }
}
