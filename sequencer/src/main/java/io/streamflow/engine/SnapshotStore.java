package io.streamflow.engine;

import io.streamflow.sbe.snapshot.MessageHeaderDecoder;
import io.streamflow.sbe.snapshot.MessageHeaderEncoder;
import io.streamflow.sbe.snapshot.NodeSnapshotDecoder;
import io.streamflow.sbe.snapshot.NodeSnapshotEncoder;
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
import java.util.zip.CRC32C;

/**
 * Engine snapshots on disk: one file per snapshot, named for the engine sequence it was taken after, holding one
 * {@code NodeSnapshot} message (engine sequence, timestamp, the operator's state hash, CRC32C, and the state: the
 * whole engine's, see {@link EngineStateCodec}). A file is written under a temporary name,
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
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final NodeSnapshotEncoder encoder = new NodeSnapshotEncoder();
    private final CRC32C crc = new CRC32C();

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
        encoder.wrapAndApplyHeader(fileBuffer, 0, headerEncoder)
            .engineSequence(engineSequence)
            .timestampNs(timestampNs)
            .stateHash(stateHash)
            .putState(state, 0, length);
        final int fileLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        // The state is now the file's last bytes: checksum them where they lie.
        crc.reset();
        crc.update(fileBuffer.byteArray(), fileLength - length, length);
        encoder.checksum(crc.getValue());

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
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        if (bytes.length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalArgumentException("shorter than a header");
        }
        header.wrap(buffer, 0);
        if (header.schemaId() != NodeSnapshotDecoder.SCHEMA_ID ||
            header.templateId() != NodeSnapshotDecoder.TEMPLATE_ID)
        {
            throw new IllegalArgumentException("not a node snapshot");
        }
        final NodeSnapshotDecoder decoder = new NodeSnapshotDecoder();
        decoder.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long engineSequence = decoder.engineSequence();
        final long timestampNs = decoder.timestampNs();
        final long stateHash = decoder.stateHash();
        final long checksum = decoder.checksum();
        final int stateLength = decoder.stateLength();
        if (decoder.limit() + NodeSnapshotDecoder.stateHeaderLength() + stateLength != bytes.length)
        {
            throw new IllegalArgumentException("truncated: state of " + stateLength + " bytes in a file of " +
                bytes.length);
        }
        final byte[] state = new byte[stateLength];
        decoder.getState(state, 0, stateLength);
        crc.reset();
        crc.update(state);
        if (crc.getValue() != checksum)
        {
            throw new IllegalArgumentException("checksum mismatch");
        }
        return new Snapshot(engineSequence, timestampNs, stateHash, new UnsafeBuffer(state), file);
    }
}
