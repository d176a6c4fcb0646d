package io.streamflow.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;

/**
 * What the writer records about the journal outside the journal itself, so that a check does not have to trust the
 * journal's own headers to know where its data ends: the engine sequence of the last entry appended, and whether the
 * writer closed cleanly. Memory-mapped, written with ordered stores after each append: it survives the process as the
 * journal does. A writer that syncs records an entry only once it is synced, so that after a power failure the mark
 * is never ahead of what the device kept.
 * <pre>
 *   0            8                 16              20
 *   | magic      | last sequence   | closed (0/1)  |
 * </pre>
 * Written by one writer thread; read by tools, in any process.
 */
public final class JournalMark implements AutoCloseable
{
    /** Name of the mark file in a journal directory. */
    public static final String FILE_NAME = "streamflow-journal.mark";

    private static final long MAGIC = 0x4B52414D4C4E524AL;
    private static final int MAGIC_OFFSET = 0;
    private static final int LAST_SEQUENCE_OFFSET = MAGIC_OFFSET + Long.BYTES;
    private static final int CLOSED_OFFSET = LAST_SEQUENCE_OFFSET + Long.BYTES;
    private static final int LENGTH = 64;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private JournalMark(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * Open the mark of a journal for its writer: it says "not closed" until {@link #close()}.
     *
     * @param journalDir   directory of the journal.
     * @param lastSequence engine sequence of the last entry the journal holds now, -1 for none.
     * @return the mark.
     */
    static JournalMark openForWriter(final File journalDir, final long lastSequence)
    {
        final File file = new File(journalDir, FILE_NAME);
        final MappedByteBuffer mapped = file.exists() && file.length() == LENGTH ?
            IoUtil.mapExistingFile(file, "journal mark") : IoUtil.mapNewFile(file, LENGTH);
        final JournalMark mark = new JournalMark(mapped);
        mark.buffer.putLong(MAGIC_OFFSET, MAGIC);
        mark.buffer.putIntOrdered(CLOSED_OFFSET, 0);
        mark.buffer.putLongOrdered(LAST_SEQUENCE_OFFSET, lastSequence);
        return mark;
    }

    /**
     * Record an appended entry.
     *
     * @param engineSequence of the entry just appended.
     */
    void onAppended(final long engineSequence)
    {
        buffer.putLongOrdered(LAST_SEQUENCE_OFFSET, engineSequence);
    }

    /**
     * Record a clean close, and unmap.
     */
    public void close()
    {
        buffer.putIntOrdered(CLOSED_OFFSET, 1);
        mapped.force();
        IoUtil.unmap(mapped);
    }

    /**
     * What a journal's mark says.
     *
     * @param lastSequence engine sequence of the last entry the writer appended, -1 for none.
     * @param isClosed     true when the writer closed cleanly: nothing can follow the last entry.
     */
    public record State(long lastSequence, boolean isClosed)
    {
    }

    /**
     * @param journalDir directory of a journal.
     * @return what its mark says, or null when it has none (a journal written before marks, or a copy without it).
     */
    public static State read(final File journalDir)
    {
        final File file = new File(journalDir, FILE_NAME);
        if (!file.isFile() || file.length() != LENGTH)
        {
            return null;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "journal mark");
        try
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            if (buffer.getLong(MAGIC_OFFSET) != MAGIC)
            {
                return null;
            }
            return new State(buffer.getLongVolatile(LAST_SEQUENCE_OFFSET), 1 == buffer.getIntVolatile(CLOSED_OFFSET));
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
