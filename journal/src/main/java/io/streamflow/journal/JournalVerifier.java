package io.streamflow.journal;

import org.agrona.DirectBuffer;

/**
 * Checks every entry of a journal: framing, CRC32C, engine sequences contiguous, timestamps never going back. Stops
 * at the first bad entry and names it. The same checks, entry by entry ({@link #checkNext}), are what a node's recovery
 * runs over the journal after its snapshot, so that the tool and the start can never disagree.
 * <p>
 * Not thread safe.
 */
public final class JournalVerifier
{
    private final JournalEntryView view = new JournalEntryView();
    private final JournalChecksum checksum = new JournalChecksum();
    private long entries;
    private long lastSequence = -1;
    private long lastTimestampNs = Long.MIN_VALUE;
    private boolean isFirstSequenceFree = true;

    /**
     * A verifier of a journal from its first entry, whatever its sequence.
     */
    public JournalVerifier()
    {
    }

    /**
     * A verifier of the journal after a known point: its first entry must have the next engine sequence.
     *
     * @param lastSequence    engine sequence of the entry before the first one checked.
     * @param lastTimestampNs its timestamp: later entries may not go before it.
     * @return the verifier.
     */
    public static JournalVerifier continuingAfter(final long lastSequence, final long lastTimestampNs)
    {
        final JournalVerifier verifier = new JournalVerifier();
        verifier.lastSequence = lastSequence;
        verifier.lastTimestampNs = lastTimestampNs;
        verifier.isFirstSequenceFree = false;
        return verifier;
    }

    /**
     * Verify a whole journal, byte by byte ({@link JournalScanner}): every entry, every header and index Chronicle
     * keeps, and the zeros after the written data, so that no damaged header can hide what follows it.
     *
     * @param journal to verify.
     * @return what was found.
     */
    public static Result verify(final Journal journal)
    {
        final JournalScanner.Result scan = JournalScanner.scan(journal.directory(), null, false);
        return new Result(scan.entries(), scan.firstSequence(), scan.lastSequence(), scan.fault(),
            scan.entriesAfterFault(), scan.torn(), scan.notes());
    }

    /**
     * Check the next entry and, when it is good, count it as verified. Allocates nothing for a good entry.
     *
     * @param buffer holding the entry.
     * @param offset of the entry.
     * @param length of the entry.
     * @return null when the entry is good, otherwise what is wrong with it (see {@link #faultAt(String, String)}).
     */
    public String checkNext(final DirectBuffer buffer, final int offset, final int length)
    {
        view.wrap(buffer, offset, length);
        final String structuralFault = view.structuralFault();
        if (null != structuralFault)
        {
            return structuralFault;
        }
        if (!checksum.matches(buffer, offset, length))
        {
            return "sequence " + view.engineSequence() + ": checksum mismatch";
        }

        final long sequence = view.engineSequence();
        if ((entries > 0 || !isFirstSequenceFree) && sequence != lastSequence + 1)
        {
            return "sequence " + sequence + " follows " + lastSequence;
        }
        if (view.timestampNs() < lastTimestampNs)
        {
            return "sequence " + sequence + ": timestamp " + view.timestampNs() + " before previous " +
                lastTimestampNs;
        }

        lastSequence = sequence;
        lastTimestampNs = view.timestampNs();
        entries++;
        return null;
    }

    /**
     * @param where  the entry that {@link #checkNext} found bad is (a Chronicle index, a file and offset).
     * @param reason what {@link #checkNext} said is wrong with it.
     * @return the fault: which entry it is, where, and what is wrong with it.
     */
    public String faultAt(final String where, final String reason)
    {
        return "entry #" + entries + " (" + where + "): " + reason;
    }

    /**
     * @return entries verified good so far.
     */
    public long entries()
    {
        return entries;
    }

    /**
     * @return engine sequence of the last good entry, or of the point verification continued after; -1 for none.
     */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * @return timestamp of the last good entry, or of the point verification continued after.
     */
    public long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    /**
     * Outcome of a verification.
     *
     * @param entries           good entries before the first fault (all of them when there is none).
     * @param firstSequence     engine sequence of the first entry, -1 when empty.
     * @param lastSequence      engine sequence of the last good entry, -1 when empty.
     * @param fault             the first bad entry and what is wrong with it, or null.
     * @param entriesAfterFault valid entries (their own checksum good) found after the fault.
     * @param torn              the remnant of an entry torn by a crash after the last one, or null.
     * @param notes             what is not a fault but worth saying.
     */
    public record Result(
        long entries,
        long firstSequence,
        long lastSequence,
        String fault,
        long entriesAfterFault,
        JournalScanner.Torn torn,
        java.util.List<String> notes)
    {
        /**
         * @return true when every entry is good.
         */
        public boolean isValid()
        {
            return null == fault;
        }
    }
}
