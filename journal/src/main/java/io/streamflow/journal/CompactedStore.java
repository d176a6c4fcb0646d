package io.streamflow.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a stream's compacted versions live, beside the journal: {@code compacted/stream-ID/} in the journal
 * directory, each version a directory {@code vNNNNNNNN} holding a Chronicle queue of journal entries (the stream's
 * records the version keeps, exactly as journaled) and its {@link CompactionManifest}, and the file {@code CURRENT}
 * naming the version to read and the hash of its manifest:
 * <pre>
 *   version=3 manifest=H
 * </pre>
 * {@code CURRENT} is the one commit point: it is replaced by an atomic rename, so a reader, and a restart after a
 * crash at any step, finds either the old version or the new one, never a mix. A version is written under
 * {@code vNNNNNNNN.tmp} and renamed when complete; {@link #recover} removes what a crash left (a {@code .tmp}
 * directory, a version renamed but never made current) and the versions older than the previous one (the previous
 * one is kept a round, for a reader that is still on it).
 */
public final class CompactedStore
{
    /** Directory of the compacted streams, in the journal directory. */
    public static final String DIR = "compacted";
    /** The pointer file of a stream's compacted store. */
    public static final String CURRENT = "CURRENT";

    private static final String TMP_SUFFIX = ".tmp";

    private CompactedStore()
    {
    }

    /**
     * The version a reader reads.
     *
     * @param version  its number.
     * @param dir      its directory: a Chronicle queue of journal entries.
     * @param manifest what it holds.
     */
    public record Version(long version, File dir, CompactionManifest manifest)
    {
    }

    /**
     * @param streamId a stream.
     * @param version  a version of its compacted store.
     * @return the version's directory, relative to the journal's.
     */
    public static String versionPath(final int streamId, final long version)
    {
        return DIR + "/" + streamDirName(streamId) + "/" + versionName(version);
    }

    /**
     * @param journalDir directory of a journal.
     * @param streamId   a stream.
     * @return the directory of the stream's compacted store (it may not exist).
     */
    public static File streamDir(final File journalDir, final int streamId)
    {
        return new File(new File(journalDir, DIR), streamDirName(streamId));
    }

    /**
     * @param journalDir directory of a journal.
     * @return the streams that have a compacted store, in id order.
     */
    public static List<Integer> streams(final File journalDir)
    {
        final List<Integer> streams = new ArrayList<>();
        final File[] dirs = new File(journalDir, DIR).listFiles((dir, name) -> name.startsWith("stream-"));
        if (null != dirs)
        {
            for (final File dir : dirs)
            {
                try
                {
                    streams.add(Integer.parseInt(dir.getName().substring("stream-".length())));
                }
                catch (final NumberFormatException ignore)
                {
                    // Not a store of ours.
                }
            }
        }
        streams.sort(Comparator.naturalOrder());
        return streams;
    }

    /**
     * The current version of a stream's compacted store, as {@code CURRENT} names it.
     *
     * @param journalDir directory of a journal.
     * @param streamId   a stream.
     * @return the version, or null when the stream has never been compacted.
     * @throws IllegalStateException when {@code CURRENT} names a version that is missing or whose manifest is not
     *                               the one named: the store was damaged (see {@code journal verify}).
     */
    public static Version current(final File journalDir, final int streamId)
    {
        final File streamDir = streamDir(journalDir, streamId);
        final File current = new File(streamDir, CURRENT);
        if (!current.isFile())
        {
            return null;
        }
        final Map<String, String> fields;
        try
        {
            fields = AuditFields.fields(Files.readString(current.toPath(), StandardCharsets.UTF_8).trim(), "");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException(current + " is unreadable: " + ex.getMessage(), ex);
        }
        final long version = AuditFields.number(fields, "version");
        final byte[] manifestHash = AuditFields.hash(fields, "manifest");
        final File dir = new File(streamDir, versionName(version));
        final File manifestFile = new File(dir, CompactionManifest.FILE_NAME);
        if (!manifestFile.isFile())
        {
            throw new IllegalStateException("compacted stream " + streamId + ": " + current + " names version " +
                version + ", which has no manifest");
        }
        final CompactionManifest manifest;
        try
        {
            manifest = CompactionManifest.read(manifestFile);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException("compacted stream " + streamId + ": " + ex.getMessage(), ex);
        }
        if (!manifest.isIntact() || !MerkleTree.equal(manifest.hash(), manifestHash))
        {
            throw new IllegalStateException("compacted stream " + streamId + " version " + version + ": its " +
                "manifest was altered (its hash is not that of its lines, or not the one CURRENT names)");
        }
        return new Version(version, dir, manifest);
    }

    /**
     * Remove what a crash left in a stream's store, and versions older than the previous one. Only the process that
     * compacts the stream calls this.
     *
     * @param journalDir directory of a journal.
     * @param streamId   a stream.
     * @return what was removed, for the log.
     */
    public static List<String> recover(final File journalDir, final int streamId)
    {
        final List<String> removed = new ArrayList<>();
        final File streamDir = streamDir(journalDir, streamId);
        final File[] dirs = streamDir.listFiles(File::isDirectory);
        if (null == dirs)
        {
            return removed;
        }
        final Version current = current(journalDir, streamId);
        final long currentVersion = null == current ? 0 : current.version();
        final long previousVersion = null == current ? 0 : current.manifest().previousVersion();
        for (final File dir : dirs)
        {
            final String name = dir.getName();
            final boolean isTmp = name.endsWith(TMP_SUFFIX);
            final long version = versionOf(name);
            if (isTmp || (version > 0 && version != currentVersion && version != previousVersion))
            {
                deleteTree(dir);
                removed.add(dir.getName() + (isTmp ? " (a compaction that did not finish)" : version >
                    currentVersion ? " (a version never made current)" : " (an old version)"));
            }
        }
        new File(streamDir, CURRENT + TMP_SUFFIX).delete();
        return removed;
    }

    static File tmpDir(final File journalDir, final int streamId, final long version)
    {
        return new File(streamDir(journalDir, streamId), versionName(version) + TMP_SUFFIX);
    }

    static File versionDir(final File journalDir, final int streamId, final long version)
    {
        return new File(streamDir(journalDir, streamId), versionName(version));
    }

    /**
     * Make a version current: {@code CURRENT} written beside, synced, renamed over the old one, the directory synced.
     */
    static void makeCurrent(final File journalDir, final int streamId, final long version, final byte[] manifestHash)
    {
        final File streamDir = streamDir(journalDir, streamId);
        final File tmp = new File(streamDir, CURRENT + TMP_SUFFIX);
        write(tmp, ("version=" + version + " manifest=" + MerkleTree.hex(manifestHash) + "\n")
            .getBytes(StandardCharsets.UTF_8));
        try
        {
            Files.move(tmp.toPath(), new File(streamDir, CURRENT).toPath(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        syncDirectory(streamDir);
    }

    /**
     * Rename a finished version's directory from its {@code .tmp} name, the parent directory synced.
     */
    static void rename(final File tmpDir, final File versionDir)
    {
        try
        {
            Files.move(tmpDir.toPath(), versionDir.toPath(), StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        syncDirectory(versionDir.getParentFile());
    }

    /**
     * Write a whole file, synced before this returns.
     */
    static void write(final File file, final byte[] bytes)
    {
        JournalSeals.write(file, bytes, false);
    }

    /**
     * Sync every file of a directory to the storage device, then the directory.
     */
    static void syncTree(final File dir)
    {
        final File[] files = dir.listFiles(File::isFile);
        if (null != files)
        {
            for (final File file : files)
            {
                try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE))
                {
                    channel.force(true);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        syncDirectory(dir);
    }

    static void syncDirectory(final File dir)
    {
        try (FileChannel channel = FileChannel.open(dir.toPath(), StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some file systems do not sync a directory opened for reading; the rename is still atomic.
        }
    }

    static void deleteTree(final File dir)
    {
        try (Stream<java.nio.file.Path> paths = Files.walk(dir.toPath()))
        {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static long versionOf(final String name)
    {
        final String digits = name.endsWith(TMP_SUFFIX) ? name.substring(0, name.length() - TMP_SUFFIX.length()) :
            name;
        if (!digits.startsWith("v"))
        {
            return -1;
        }
        try
        {
            return Long.parseLong(digits.substring(1));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private static String streamDirName(final int streamId)
    {
        return "stream-" + streamId;
    }

    private static String versionName(final long version)
    {
        return String.format("v%08d", version);
    }
}
