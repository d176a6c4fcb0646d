package io.streamflow.cli;

import io.streamflow.journal.ColdTier;
import io.streamflow.journal.CycleSeal;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalChecksum;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalScanner;
import org.agrona.DirectBuffer;

import java.io.File;
import java.io.PrintWriter;
import java.util.function.Predicate;

/**
 * A journal's entries as the tools read them: from the bytes of its cycle files ({@link JournalScanner}), so that a
 * damaged header never hides what follows it. A damaged entry stops the read with an error (exit 1), unless the tool
 * was told {@code --skip-bad}: then the valid entries after it are read too, and what was skipped is counted.
 */
final class JournalHistory
{
    private final JournalEntryView view = new JournalEntryView();
    private long lastSequence = -1;
    private long skipped;

    /**
     * @param journalDir    of a node.
     * @param fromSequence  first engine sequence to hand over.
     * @param skipBad       whether to read past a damaged entry.
     * @param consumer      given each entry (a view over it); returns false to stop reading.
     * @param err           told what was wrong.
     * @return 0 when every entry read was good (or skipped on request), 1 when a damaged one stopped the read.
     */
    int read(
        final File journalDir,
        final long fromSequence,
        final boolean skipBad,
        final Predicate<JournalEntryView> consumer,
        final PrintWriter err)
    {
        if (JournalScanner.cycleFiles(journalDir).isEmpty())
        {
            throw new IllegalArgumentException("no journal in " + journalDir);
        }

        // The cold tier first: its cycles are older than every one at hand.
        final JournalChecksum checksum = new JournalChecksum();
        final String[] damage = { null };
        final boolean[] isStopped = { false };
        for (final CycleSeal cold : ColdTier.coldSeals(journalDir))
        {
            if (cold.lastSequence() < fromSequence || isStopped[0] || null != damage[0])
            {
                continue;
            }
            ColdTier.read(journalDir, cold.cycleFile(), (buffer, offset, length, position) ->
            {
                if (isStopped[0] || null != damage[0])
                {
                    return;
                }
                view.wrap(buffer, offset, length);
                if (null != view.structuralFault() || !checksum.matches(buffer, offset, length))
                {
                    damage[0] = "cold cycle " + cold.cycleFile() + " offset " + position;
                    return;
                }
                lastSequence = Math.max(lastSequence, view.engineSequence());
                isStopped[0] = view.engineSequence() >= fromSequence && !consumer.test(view);
            });
        }
        if (null != damage[0] && !skipBad)
        {
            err.println("the journal is damaged at " + damage[0] + ": stopped there. See 'streamflow journal " +
                "verify'; --skip-bad reads on past it");
            err.flush();
            return 1;
        }
        if (isStopped[0])
        {
            return 0;
        }
        final JournalScanner.Result result = JournalScanner.scan(journalDir,
            (final DirectBuffer buffer, final int offset, final int length, final boolean isGood) ->
            {
                view.wrap(buffer, offset, length);
                final long sequence = view.engineSequence();
                if (!isGood && lastSequence >= 0 && sequence > lastSequence + 1)
                {
                    skipped += sequence - lastSequence - 1;
                }
                lastSequence = Math.max(lastSequence, sequence);
                return sequence < fromSequence || consumer.test(view);
            }, skipBad);

        if (result.isValid())
        {
            return 0;
        }
        if (skipBad)
        {
            err.println("skipped: the journal is damaged at " + result.fault() + "; " + skipped +
                " entries (by engine sequence) could not be read, " + result.entriesAfterFault() +
                " valid entries after it were read");
            err.flush();
            return 0;
        }
        err.println("the journal is damaged at " + result.fault() + (result.entriesAfterFault() > 0 ? "; " +
            result.entriesAfterFault() + " valid entries follow it" : "") + ": stopped there. See " +
            "'streamflow journal verify'; --skip-bad reads on past it");
        err.flush();
        return 1;
    }

    /**
     * Where a read from a time starts: the first entry of the journal at hand appended at or after it, by a binary
     * search, or, when a cycle of the cold tier ends at or after it, that cycle's first entry (its cycles are older
     * than the journal at hand; the reader passes over what in it is earlier).
     *
     * @param journalDir of a node.
     * @param timeNs     epoch nanoseconds.
     * @return the engine sequence to read from, {@code Long.MAX_VALUE} when every entry is older.
     */
    static long firstSequenceAtOrAfter(final File journalDir, final long timeNs)
    {
        for (final CycleSeal cold : ColdTier.coldSeals(journalDir))
        {
            if (cold.lastTimestampNs() >= timeNs)
            {
                return cold.firstSequence();
            }
        }
        try (Journal journal = Journal.openReadOnly(journalDir); JournalReader reader = journal.newReader())
        {
            final long sequence = reader.seekTime(timeNs);
            return sequence < 0 ? Long.MAX_VALUE : sequence;
        }
    }

    /**
     * @return engine sequence of the last entry read, -1 for none.
     */
    long lastSequence()
    {
        return lastSequence;
    }
}
