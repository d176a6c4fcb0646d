package io.streamflow.journal;

import io.streamflow.sbe.journal.JournalEntryEncoder;
import io.streamflow.sbe.journal.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The journal stage appends an entry ({@link JournalWriter}: checksum sealed, then one Chronicle document) while a
 * tailer on another thread ({@link JournalReader}, as {@code consume --follow} and recovery use it) reads the
 * journal's end live. A tailer that sees an entry must see all of it: sound framing and a matching checksum.
 * <p>
 * One journal serves every state of a run (a queue per state would be mostly file creation); each state appends one
 * entry with a sequence of its own, and the tailer reads whatever is new, checking every entry it meets. No outcome
 * is merely interesting: the tailer sees an entry whole or not at all, and anything torn is forbidden.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The tailer read before the entry was appended: not seen yet.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The tailer saw the entry, whole.")
@Outcome(expect = FORBIDDEN, desc = "The tailer met an entry with broken framing or a checksum that does not match.")
@State
public class JournalTailHandoff
{
    private static final AtomicLong NEXT_SEQUENCE = new AtomicLong();
    private static final Journal JOURNAL = openJournal();
    private static final ThreadLocal<JournalWriter> WRITERS = ThreadLocal.withInitial(JOURNAL::newWriter);
    private static final ThreadLocal<Tail> TAILS = ThreadLocal.withInitial(Tail::new);

    private final long sequence = NEXT_SEQUENCE.getAndIncrement();
    private final UnsafeBuffer entry = new UnsafeBuffer(new byte[256]);
    private final int entryLength;

    /**
     * The entry this state appends: a 96-byte message whose bytes depend on its sequence.
     */
    public JournalTailHandoff()
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[96]);
        for (int i = 0; i < message.capacity(); i += Long.BYTES)
        {
            message.putLong(i, sequence * 31 + i);
        }
        final JournalEntryEncoder encoder = new JournalEntryEncoder();
        encoder.wrapAndApplyHeader(entry, 0, new MessageHeaderEncoder())
            .checksum(0)
            .streamId(0)
            .engineSequence(sequence)
            .timestampNs(sequence)
            .partitionOffset(JournalEntryLayout.NO_PARTITION)
            .partition(JournalEntryLayout.NO_PARTITION)
            .putMessage(message, 0, message.capacity());
        entryLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * The journal stage: append the entry.
     */
    @Actor
    public void journalStage()
    {
        WRITERS.get().append(entry, 0, entryLength);
    }

    /**
     * A live tailer: read what is new.
     *
     * @param result 1 if this state's entry has been read (now or before), else 0; then the faults met so far.
     */
    @Actor
    public void tailer(final II_Result result)
    {
        final Tail tail = TAILS.get();
        tail.reader.poll(tail::onEntry, 64);
        result.r1 = tail.highestSequence >= sequence ? 1 : 0;
        result.r2 = tail.faults;
    }

    private static Journal openJournal()
    {
        try
        {
            final File dir = Files.createTempDirectory("streamflow-jcstress-journal").toFile();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> IoUtil.delete(dir, true)));
            return Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * One tailer thread's reader, from the journal's start, and what it has met.
     */
    private static final class Tail
    {
        private final JournalReader reader = JOURNAL.newReader().toStart();
        private final JournalEntryView view = new JournalEntryView();
        private final JournalChecksum checksum = new JournalChecksum();
        private long highestSequence = -1;
        private int faults;

        private void onEntry(final DirectBuffer buffer, final int offset, final int length, final long journalIndex)
        {
            if (null != view.wrap(buffer, offset, length).structuralFault() || !checksum.matches(buffer, offset,
                length))
            {
                faults++;
                return;
            }
            highestSequence = Math.max(highestSequence, view.engineSequence());
        }
    }
}
