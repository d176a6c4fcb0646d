package io.streamflow.journal;

import org.agrona.DirectBuffer;

/**
 * Checks every entry of a journal: framing, CRC32C, engine sequences contiguous, timestamps never going back. Stops
 * at the first bad entry and names it.
 * <p>
 * Not thread safe.
 */
public final class JournalVerifier implements JournalEntryHandler
{
    private final JournalEntryView view = new JournalEntryView();
    private final JournalChecksum checksum = new JournalChecksum();
    private long entries;
    private long firstSequence = -1;
    private long lastSequence = -1;
    private long lastTimestampNs = Long.MIN_VALUE;
    private String fault;

    /**
     * Verify a whole journal from its start.
     *
     * @param journal to verify.
     * @return what was found.
     */
    public static Result verify(final Journal journal)
    {
        final JournalVerifier verifier = new JournalVerifier();
        try (JournalReader reader = journal.newReader())
        {
            while (null == verifier.fault && reader.poll(verifier, 1024) > 0)
            {
                continue;
            }
        }

        return new Result(verifier.entries, verifier.firstSequence, verifier.lastSequence, verifier.fault);
    }

    /**
     * {@inheritDoc}
     */
    public void onEntry(final DirectBuffer buffer, final int offset, final int length, final long journalIndex)
    {
        if (null != fault)
        {
            return;
        }

        view.wrap(buffer, offset, length);
        final String structuralFault = view.structuralFault();
        if (null != structuralFault)
        {
            fail(journalIndex, structuralFault);
            return;
        }
        if (!checksum.matches(buffer, offset, length))
        {
            fail(journalIndex, "sequence " + view.engineSequence() + ": checksum mismatch");
            return;
        }

        final long sequence = view.engineSequence();
        if (entries > 0 && sequence != lastSequence + 1)
        {
            fail(journalIndex, "sequence " + sequence + " follows " + lastSequence);
            return;
        }
        if (view.timestampNs() < lastTimestampNs)
        {
            fail(journalIndex, "sequence " + sequence + ": timestamp " + view.timestampNs() + " before previous " +
                lastTimestampNs);
            return;
        }

        if (entries == 0)
        {
            firstSequence = sequence;
        }
        lastSequence = sequence;
        lastTimestampNs = view.timestampNs();
        entries++;
    }

    private void fail(final long journalIndex, final String what)
    {
        fault = "entry #" + entries + " (index 0x" + Long.toHexString(journalIndex) + "): " + what;
    }

    /**
     * Outcome of a verification.
     *
     * @param entries       good entries before the first fault (all of them when there is none).
     * @param firstSequence engine sequence of the first entry, -1 when empty.
     * @param lastSequence  engine sequence of the last good entry, -1 when empty.
     * @param fault         the first bad entry and what is wrong with it, or null.
     */
    public record Result(long entries, long firstSequence, long lastSequence, String fault)
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
