package io.streamflow.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the entries of a cold cycle file as it decompresses ({@link ColdTier}): Chronicle's documents walked from the
 * start, metadata passed over, each entry's bytes handed over as a {@link JournalReader}'s are (the journal index is
 * the document's position in the cycle file). Ends at the first incomplete document or the end of the file.
 * <p>
 * Not thread safe.
 */
final class ColdCycleReader implements AutoCloseable
{
    private final File file;
    private final InputStream in;
    private final byte[] header = new byte[JournalScanner.HEADER_LENGTH];
    private byte[] data = new byte[4096];
    private final UnsafeBuffer entry = new UnsafeBuffer(data);
    private long position;
    private boolean isEnd;

    ColdCycleReader(final File coldFile)
    {
        this.file = coldFile;
        try
        {
            this.in = ColdTier.open(coldFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + coldFile, ex);
        }
    }

    /**
     * @param handler given each entry.
     * @param limit   most entries to read.
     * @return entries read; 0 once at the end.
     */
    int poll(final JournalEntryHandler handler, final int limit)
    {
        int count = 0;
        try
        {
            while (count < limit && !isEnd)
            {
                if (!readFully(header, JournalScanner.HEADER_LENGTH))
                {
                    isEnd = true;
                    break;
                }
                final int word = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16 |
                    (header[3] & 0xFF) << 24;
                final int length = word & JournalScanner.LENGTH_MASK;
                if (0 == word || (word & JournalScanner.NOT_COMPLETE) != 0)
                {
                    isEnd = true;
                    break;
                }
                final long at = position;
                if ((word & JournalScanner.META_DATA) != 0 || length < JournalEntryLayout.FRAMING_LENGTH)
                {
                    skip(length);
                }
                else
                {
                    if (data.length < length)
                    {
                        data = new byte[Math.max(length, data.length * 2)];
                    }
                    if (!readFully(data, length))
                    {
                        isEnd = true;
                        break;
                    }
                    entry.wrap(data, 0, length);
                    handler.onEntry(entry, 0, length, at);
                    count++;
                }
                skip((int)(((position + 3) & ~3L) - position));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        return count;
    }

    private boolean readFully(final byte[] into, final int length) throws IOException
    {
        final int read = in.readNBytes(into, 0, length);
        position += read;
        return read == length;
    }

    private void skip(final int length) throws IOException
    {
        long skipped = 0;
        while (skipped < length)
        {
            final long step = in.skip(length - skipped);
            if (step <= 0)
            {
                if (in.read() < 0)
                {
                    isEnd = true;
                    break;
                }
                skipped++;
            }
            else
            {
                skipped += step;
            }
        }
        position += skipped;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        try
        {
            in.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
