package io.streamflow.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of an entry whose writer died (say, by {@code kill -9}) before completing it.
 * <p>
 * Chronicle publishes a document by completing its 4-byte header after the body, so an unfinished entry is never
 * read: it shows as a header that is zero (or still marked not-complete) followed by some of its bytes, after the last
 * complete document of the newest segment. Nothing else writes there, so any non-zero byte there is such a remnant.
 * {@link #clear()} zeroes it, truncating the journal back to its last complete entry.
 */
public final class TornTail
{
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int META_DATA = 0x4000_0000;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    private static final int END_OF_DATA = NOT_COMPLETE | META_DATA;
    private static final int HEADER_LENGTH = 4;

    private final File file;
    private final long position;
    private final int length;

    private TornTail(final File file, final long position, final int length)
    {
        this.file = file;
        this.position = position;
        this.length = length;
    }

    /**
     * Look for the remnant of an unfinished entry after the last complete one. Call before any writer is created.
     *
     * @param journal    to inspect.
     * @param scanLength how far past the end to look: the longest entry the writer could have been writing.
     * @return the torn tail, or null when the journal ends cleanly.
     */
    public static TornTail detect(final Journal journal, final int scanLength)
    {
        final File file;
        long position;
        try (ExcerptTailer tailer = journal.queue().createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument(true))
            {
                if (!dc.isPresent())
                {
                    return null;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                if (!(bytes instanceof MappedBytes))
                {
                    return null;
                }
                file = ((MappedBytes)bytes).mappedFile().file();
                position = align(bytes.readLimit());
            }
        }

        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.nativeOrder());
            while (true)
            {
                header.clear();
                if (channel.read(header, position) < HEADER_LENGTH)
                {
                    return null;
                }
                final int value = header.getInt(0);
                if (value == END_OF_DATA)
                {
                    return null;
                }
                if (value != 0 && (value & NOT_COMPLETE) == 0)
                {
                    position = align(position + HEADER_LENGTH + (value & LENGTH_MASK));
                    continue;
                }

                final int dirty = lastNonZeroByte(channel, position, HEADER_LENGTH + scanLength);
                return dirty > 0 ? new TornTail(file, position, dirty) : null;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Zero the remnant so the next append starts on clean bytes and no reader or later check can mistake it.
     */
    public void clear()
    {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE))
        {
            final ByteBuffer zeros = ByteBuffer.allocate(length);
            while (zeros.hasRemaining())
            {
                channel.write(zeros, position + zeros.position());
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
        return file;
    }

    /**
     * @return offset of the remnant in the file.
     */
    public long position()
    {
        return position;
    }

    /**
     * @return bytes from the start of the remnant to its last non-zero byte.
     */
    public int length()
    {
        return length;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "torn entry of " + length + " bytes at offset " + position + " of " + file.getName();
    }

    private static int lastNonZeroByte(final FileChannel channel, final long from, final int maxLength)
        throws IOException
    {
        final ByteBuffer window = ByteBuffer.allocate(maxLength);
        channel.read(window, from);
        for (int i = window.position() - 1; i >= 0; i--)
        {
            if (window.get(i) != 0)
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static long align(final long position)
    {
        return (position + 3) & ~3L;
    }
}
