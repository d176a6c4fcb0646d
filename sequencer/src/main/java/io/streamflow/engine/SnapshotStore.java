package io.streamflow.engine;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Engine snapshots on disk: one file per snapshot, named for the engine sequence it was taken after, holding one
 * snapshot as {@link SnapshotCodec} encodes it. A file is written under a temporary name,
 * forced to disk, then renamed, so a crash leaves either the whole snapshot or none. The newest
 * {@link #RETAINED} are kept.
 * <p>
 * Not thread safe: written by the operator thread, read at launch before it starts.
 */
public final class SnapshotStore
{
    /** Snapshots kept; older ones are deleted once a newer one is on disk. */
    public static final int RETAINED = 2;

    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".sbe";

    private final File directory;
    private final ExpandableArrayBuffer fileBuffer = new ExpandableArrayBuffer(4096);
    private final SnapshotCodec codec = new SnapshotCodec();

    /**
     * @param directory of the snapshot files.
     */
    public SnapshotStore(final File directory)
    {
        this.directory = directory;
    }

    /**
     * A snapshot read back.
     *
     * @param engineSequence last command applied to the state.
     * @param timestampNs    sequencing time of that command.
     * @param stateHash      recorded with it.
     * @param state          the operator's state.
     * @param file           it came from.
     */
    public record Snapshot(long engineSequence, long timestampNs, long stateHash, DirectBuffer state, File file)
    {
    }

    File directory()
    {
        return directory;
    }

    /**
     * Write a snapshot and drop the ones beyond {@link #RETAINED}.
     *
     * @param engineSequence last command applied to the state.
     * @param timestampNs    sequencing time of that command.
     * @param stateHash      of the state.
     * @param state          the operator's snapshot bytes.
     * @param length         of the state.
     * @return the file written.
     */
    public File write(
        final long engineSequence, final long timestampNs, final long stateHash, final DirectBuffer state,
        final int length)
    {
        final int fileLength = codec.encode(fileBuffer, engineSequence, timestampNs, stateHash, state, length);

        final File file = new File(directory, String.format("%s%020d%s", PREFIX, engineSequence, SUFFIX));
        final File temporary = new File(directory, file.getName() + ".tmp");
        try
        {
            Files.createDirectories(directory.toPath());
            try (FileChannel channel = FileChannel.open(temporary.toPath(), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(fileBuffer.byteArray(), 0, fileLength);
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot " + file, ex);
        }

        final File[] files = newestFirst();
        for (int i = RETAINED; i < files.length; i++)
        {
            if (!files[i].delete())
            {
                throw new UncheckedIOException(new IOException("cannot delete old snapshot " + files[i]));
            }
        }
        return file;
    }

    /**
     * @param logger told about snapshots that are damaged and passed over.
     * @return the newest intact snapshot, or null when there is none.
     */
    public Snapshot newest(final System.Logger logger)
    {
        for (final File file : newestFirst())
        {
            final Snapshot snapshot = readIntact(file, logger);
            if (null != snapshot)
            {
                return snapshot;
            }
        }
        return null;
    }

    /**
     * @param file   of a snapshot.
     * @param logger told when it is damaged.
     * @return the snapshot, or null when it is damaged (unreadable, truncated, checksum mismatch).
     */
    Snapshot readIntact(final File file, final System.Logger logger)
    {
        try
        {
            return read(file);
        }
        catch (final IOException | RuntimeException ex)
        {
            logger.log(System.Logger.Level.WARNING, "snapshot " + file + " is unreadable (" + ex.getMessage() +
                "); trying an older one");
            return null;
        }
    }

    /**
     * @return engine sequence from which recovery may need the journal: that after the oldest snapshot kept (a newer
     * one may be damaged, and recovery then falls back to it), 0 when there is none. Any thread: file names only.
     */
    public long journalNeededFrom()
    {
        final File[] files = newestFirst();
        if (0 == files.length)
        {
            return 0;
        }
        final String name = files[files.length - 1].getName();
        try
        {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())) + 1;
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    /**
     * @return the snapshot files, newest first, intact or not.
     */
    public File[] newestFirst()
    {
        final File[] files = directory.listFiles((dir, name) -> name.startsWith(PREFIX) && name.endsWith(SUFFIX));
        if (null == files)
        {
            return new File[0];
        }
        Arrays.sort(files, Comparator.comparing(File::getName).reversed());
        return files;
    }

    private Snapshot read(final File file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file.toPath());
        final SnapshotCodec.Decoded decoded = codec.decode(new UnsafeBuffer(bytes), 0, bytes.length);
        return new Snapshot(
            decoded.engineSequence(), decoded.timestampNs(), decoded.stateHash(), decoded.state(), file);
    }
}
