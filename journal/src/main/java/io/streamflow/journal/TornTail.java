package io.streamflow.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The bytes of an entry whose writer died (say, by {@code kill -9}) before completing it.
 * <p>
 * Chronicle publishes a document by completing its 4-byte header after the body, so an unfinished entry is never
 * read: it shows as a header that is zero (or still marked not-complete) followed by some of its bytes, after the last
 * complete document of the newest segment. {@link JournalScanner} tells it from damage: it is a torn tail only when
 * nothing valid follows it and the writer did not close cleanly. {@link #clear()} zeroes it, truncating the journal
 * back to its last complete entry.
 */
public final class TornTail
{
    private final JournalScanner.Torn torn;

    private TornTail(final JournalScanner.Torn torn)
    {
        this.torn = torn;
    }

    /**
     * Look for the remnant of an unfinished entry after the last complete one of the newest segment. Call before any
     * writer is created.
     *
     * @param journal    to inspect.
     * @param scanLength unused: the scan looks as far as the longest entry any node writes.
     * @return the torn tail, or null when the journal ends cleanly (or is damaged: see {@link JournalScanner}).
     */
    public static TornTail detect(final Journal journal, final int scanLength)
    {
        final List<File> files = JournalScanner.cycleFiles(journal.directory());
        if (files.isEmpty())
        {
            return null;
        }
        final JournalScanner.Result result = JournalScanner.scanFrom(
            journal.directory(), files.get(files.size() - 1), Long.MIN_VALUE, Long.MIN_VALUE, null);
        return null == result.torn() ? null : new TornTail(result.torn());
    }

    /**
     * @param torn remnant a scan found.
     * @return it, to clear.
     */
    public static TornTail of(final JournalScanner.Torn torn)
    {
        return new TornTail(torn);
    }

    /**
     * Zero the remnant so the next append starts on clean bytes and no reader or later check can mistake it.
     */
    public void clear()
    {
        try (FileChannel channel = FileChannel.open(torn.file().toPath(), StandardOpenOption.WRITE))
        {
            final ByteBuffer zeros = ByteBuffer.allocate(torn.length());
            while (zeros.hasRemaining())
            {
                channel.write(zeros, torn.position() + zeros.position());
            }
            channel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return segment file holding the remnant.
     */
    public File file()
    {
        return torn.file();
    }

    /**
     * @return offset of the remnant in the file.
     */
    public long position()
    {
        return torn.position();
    }

    /**
     * @return bytes from the start of the remnant to its last non-zero byte.
     */
    public int length()
    {
        return torn.length();
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return torn.toString();
    }
}
