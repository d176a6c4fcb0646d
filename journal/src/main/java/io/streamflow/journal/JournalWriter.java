package io.streamflow.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.util.MicroTouched;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.MutableDirectBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import static io.streamflow.sbe.journal.JournalEntryDecoder.BYTE_ORDER;

/**
 * Appends sealed entries to the journal. An entry becomes visible to every reader, in any process, at once and
 * whole: Chronicle publishes a document's header only after its bytes.
 * <p>
 * Idempotent by engine sequence ({@link JournalAppender}): the writer knows the last engine sequence in the journal
 * and skips an entry at or below it. After an append that threw, where the entry may or may not have been published,
 * the next append first reads the journal's last entry to know.
 * <p>
 * An append is durable against the process dying once it returns (the mapping's pages belong to the kernel), and
 * against the machine failing only after a {@link #sync()}, in a writer opened to sync.
 * <p>
 * Not thread safe: used only by the journal stage's thread.
 */
public final class JournalWriter implements JournalAppender
{
    private final Journal journal;
    private final ExcerptAppender appender;
    private final JournalMark mark;
    private final JournalChecksum checksum = new JournalChecksum();
    private final ReadAheadOff readAheadOff = new ReadAheadOff();
    private final JournalPrefaulter prefaulter = new JournalPrefaulter();
    private final boolean isSyncing;
    private long lastSequence;
    private boolean isInDoubt;
    private File unsyncedFile;
    private File unsyncedRolledFile;
    private File syncedFile;
    private FileChannel syncChannel;

    JournalWriter(final Journal journal, final ExcerptAppender appender, final boolean isSyncing)
    {
        this.journal = journal;
        this.isSyncing = isSyncing;
        this.appender = appender;
        this.lastSequence = journal.lastEngineSequence();
        this.mark = JournalMark.openForWriter(journal.directory(), lastSequence);
        // One writer thread is this class's contract; Chronicle's per-call check of it costs ~14% of an append.
        appender.singleThreadedCheckDisabled(true);
    }

    /**
     * {@inheritDoc}
     */
    public boolean append(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (isInDoubt)
        {
            lastSequence = journal.lastEngineSequence();
            isInDoubt = false;
        }
        final long engineSequence = buffer.getLong(offset + JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, BYTE_ORDER);
        if (engineSequence <= lastSequence)
        {
            return false;
        }

        checksum.seal(buffer, offset, length);
        isInDoubt = true;
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final byte[] array = buffer.byteArray();
            try
            {
                if (isSyncing && bytes instanceof MappedBytes)
                {
                    noteWrittenFile(((MappedBytes)bytes).mappedFile().file());
                }
                if (null != array)
                {
                    bytes.write(array, (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
                }
                else
                {
                    bytes.unsafeWrite(buffer.addressOffset() + offset, length);
                }
                readAheadOff.onWriteTo(bytes.bytesStore());
                prefaulter.onWrittenTo(bytes);
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose();
                throw ex;
            }
        }
        isInDoubt = false;
        lastSequence = engineSequence;
        if (!isSyncing)
        {
            mark.onAppended(engineSequence);
        }

        return true;
    }

    /**
     * @return the agent that faults in this writer's pages ahead of it, to be run on a thread other than the
     * writer's (or not at all: the writer then takes its own page faults).
     */
    public JournalPrefaulter prefaulter()
    {
        return prefaulter;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Touches the page after the last entry (Chronicle's micro-touch), so that the next append does not take that
     * page's fault itself.
     */
    public int onIdle()
    {
        return ((MicroTouched)appender).microTouch() ? 1 : 0;
    }

    /**
     * @return chunks of cycle files mapped by this writer whose read-ahead was turned off ({@link ReadAheadOff}).
     */
    public int chunksWithReadAheadOff()
    {
        return readAheadOff.chunksAdvised();
    }

    /**
     * @return bytes of the longest range whose read-ahead was turned off: one chunk's mapping, no more.
     */
    public long longestRangeWithReadAheadOff()
    {
        return readAheadOff.longestRangeAdvised();
    }

    /**
     * {@inheritDoc}
     */
    public void sync()
    {
        if (!isSyncing)
        {
            throw new IllegalStateException("the journal writer was not opened to sync");
        }
        if (null != unsyncedRolledFile)
        {
            force(unsyncedRolledFile);
            unsyncedRolledFile = null;
        }
        if (null != unsyncedFile)
        {
            force(unsyncedFile);
            unsyncedFile = null;
        }
        // Only now: a mark the device may hold must never be ahead of the entries it holds.
        mark.onAppended(lastSequence);
    }

    private void noteWrittenFile(final File file)
    {
        if (null != unsyncedFile && !file.equals(unsyncedFile))
        {
            if (null != unsyncedRolledFile)
            {
                // Two rolls between syncs: the oldest file's entries go first.
                force(unsyncedRolledFile);
            }
            unsyncedRolledFile = unsyncedFile;
        }
        unsyncedFile = file;
    }

    private void force(final File file)
    {
        try
        {
            if (!file.equals(syncedFile))
            {
                CloseHelper.close(syncChannel);
                syncChannel = null;
                syncedFile = null;
                final FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
                try (FileChannel directory = FileChannel.open(file.getParentFile().toPath(), StandardOpenOption.READ))
                {
                    // A new cycle file: its directory entry must be durable too.
                    directory.force(true);
                }
                catch (final IOException ex)
                {
                    channel.close();
                    throw ex;
                }
                syncChannel = channel;
                syncedFile = file;
            }
            // fsync writes all of the file's dirty pages, those written through the mapping included.
            syncChannel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot sync the journal file " + file, ex);
        }
    }

    /**
     * @return engine sequence of the last entry in the journal as this writer knows it, -1 for none.
     */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * Chronicle index of the last entry appended. Not free (Chronicle may scan for it): off the hot path only.
     *
     * @return the index.
     */
    public long lastIndexAppended()
    {
        return appender.lastIndexAppended();
    }

    /**
     * Release the appender.
     */
    public void close()
    {
        try
        {
            if (isSyncing)
            {
                sync();
            }
        }
        finally
        {
            appender.close();
            mark.close();
            CloseHelper.quietClose(syncChannel);
        }
    }
}
