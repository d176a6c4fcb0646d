package io.streamflow.journal;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import org.agrona.collections.Long2LongHashMap;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The journal's cold tier: sealed cycles that no longer need to be at hand, compressed with Zstandard (the zstd-jni
 * library, level 3) into {@code cold/CYCLE.cq4.zst} in the journal directory (a directory that may be a mount of
 * cheaper storage). Reads are transparent: the tools, the log server's follows, a verify and a proof read a cold cycle
 * from its compressed file ({@link ColdCycleReader}, or a copy decompressed for the read and deleted after).
 * <p>
 * A move compresses the cycle beside ({@code .tmp}), syncs it, renames it into place, records it in the audit log
 * ({@link CycleTier}: the compressed file's length and SHA-256), and only then deletes the cycle's file; a crash before
 * the record leaves the cycle as it was, one after it leaves a file the next round deletes.
 */
public final class ColdTier
{
    /** Directory of the cold tier, in the journal directory. */
    public static final String DIR = "cold";
    /** The codec of every cold file. */
    public static final String CODEC = "zstd";

    private static final String SUFFIX = ".zst";
    private static final String TMP_SUFFIX = ".tmp";
    private static final int LEVEL = 3;
    private static final int BUFFER = 1 << 16;
    private static final String THAW_PREFIX = "thaw";
    /** A read of a cold cycle takes seconds: a thaw directory this old was left by a reader that died. */
    static final long STALE_THAW_NS = 3_600_000_000_000L;

    private ColdTier()
    {
    }

    /**
     * @param journalDir directory of a journal.
     * @param cycleFile  name of one of its cycle files.
     * @return where its compressed file is when it is cold.
     */
    public static File coldFile(final File journalDir, final String cycleFile)
    {
        return new File(new File(journalDir, DIR), cycleFile + SUFFIX);
    }

    /**
     * @param journalDir directory of a journal.
     * @param cycleFile  name of one of its cycle files.
     * @return true when the cycle is in the cold tier only.
     */
    public static boolean isCold(final File journalDir, final String cycleFile)
    {
        return !new File(journalDir, cycleFile).isFile() && coldFile(journalDir, cycleFile).isFile();
    }

    /**
     * @param journalDir directory of a journal.
     * @param cycleFile  name of one of its cycle files.
     * @return bytes the cycle takes on disk, hot or cold.
     */
    public static long bytesOf(final File journalDir, final String cycleFile)
    {
        final File hot = new File(journalDir, cycleFile);
        return hot.isFile() ? hot.length() : coldFile(journalDir, cycleFile).length();
    }

    /**
     * The seals of the cycles in the cold tier, oldest first: moved, not dropped since, their compressed file there.
     *
     * @param journalDir directory of a journal.
     * @return the seals.
     */
    public static List<CycleSeal> coldSeals(final File journalDir)
    {
        final Map<String, CycleSeal> seals = new HashMap<>();
        final Set<String> dropped = new HashSet<>();
        final List<CycleSeal> cold = new ArrayList<>();
        for (final AuditRecord record : JournalSeals.readRecords(journalDir))
        {
            if (record instanceof CycleSeal seal)
            {
                seals.put(seal.cycleFile(), seal);
            }
            else if (record instanceof CycleDrop drop)
            {
                dropped.add(drop.cycleFile());
            }
            else if (record instanceof CycleTier tier && null != seals.get(tier.cycleFile()))
            {
                cold.add(seals.get(tier.cycleFile()));
            }
        }
        cold.removeIf((seal) -> dropped.contains(seal.cycleFile()) || !isCold(journalDir, seal.cycleFile()));
        return cold;
    }

    /**
     * Move a sealed cycle to the cold tier.
     *
     * @param journalDir directory of the journal.
     * @param seal       of the cycle.
     * @param previous   hash of the last record of the audit log.
     * @return the record appended to the audit log.
     */
    static CycleTier move(final File journalDir, final CycleSeal seal, final byte[] previous)
    {
        final File hot = new File(journalDir, seal.cycleFile());
        final File cold = coldFile(journalDir, seal.cycleFile());
        final File tmp = new File(cold.getPath() + TMP_SUFFIX);
        if (!cold.getParentFile().isDirectory() && !cold.getParentFile().mkdirs())
        {
            throw new UncheckedIOException(new IOException("cannot make " + cold.getParentFile()));
        }
        CompactedStore.write(offsetsFile(journalDir, seal.cycleFile()), lastOffsetsText(hot));
        final byte[] sha256 = compress(hot, tmp);
        try
        {
            Files.move(tmp.toPath(), cold.toPath(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        CompactedStore.syncDirectory(cold.getParentFile());
        final CycleTier record = CycleTier.of(seal.cycleFile(), seal.hash(), CODEC, cold.length(), sha256, previous);
        JournalSeals.append(journalDir, record);
        deleteHot(journalDir, seal.cycleFile());
        return record;
    }

    /**
     * @param journalDir directory of a journal.
     * @param cycleFile  name of a cycle in the cold tier.
     * @return the highest record offset of each stream partition in it, keyed {@code streamId << 32 | partition},
     * from the side file written when it moved; null when there is none.
     */
    public static Long2LongHashMap lastOffsets(final File journalDir, final String cycleFile)
    {
        final File file = offsetsFile(journalDir, cycleFile);
        if (!file.isFile())
        {
            return null;
        }
        final Long2LongHashMap lastOffsets = new Long2LongHashMap(-1);
        try
        {
            for (final String line : Files.readAllLines(file.toPath(), StandardCharsets.UTF_8))
            {
                final String[] fields = line.trim().split(" ");
                if (3 == fields.length)
                {
                    lastOffsets.put(((long)Integer.parseInt(fields[0]) << 32) |
                        (Integer.parseInt(fields[1]) & 0xFFFF_FFFFL), Long.parseLong(fields[2]));
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return null;
        }
        return lastOffsets;
    }

    private static File offsetsFile(final File journalDir, final String cycleFile)
    {
        return new File(new File(journalDir, DIR), cycleFile + ".offsets");
    }

    private static byte[] lastOffsetsText(final File cycleFile)
    {
        final Long2LongHashMap lastOffsets = CycleOffsets.lastOffsetsOf(cycleFile);
        final StringBuilder text = new StringBuilder();
        lastOffsets.forEach((key, last) -> text.append(key >>> 32).append(' ').append((int)(long)key).append(' ')
            .append(last).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Compress a cycle file as the cold tier does, the result synced.
     *
     * @param cycleFile to compress.
     * @param to        the compressed file to write.
     * @return SHA-256 of the compressed file.
     */
    public static byte[] compress(final File cycleFile, final File to)
    {
        final MessageDigest digest = MerkleTree.sha256();
        try (InputStream in = new FileInputStream(cycleFile);
            OutputStream out = new ZstdOutputStream(new BufferedOutputStream(new DigestOutputStream(
                new FileOutputStream(to), digest), BUFFER), LEVEL))
        {
            in.transferTo(out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot compress " + cycleFile, ex);
        }
        try (FileChannel channel = FileChannel.open(to.toPath(), StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return digest.digest();
    }

    /**
     * Delete the file of each cycle the audit log says moved, where a crash left it.
     *
     * @param journalDir directory of the journal.
     * @param records    its audit log.
     */
    static void finishMoves(final File journalDir, final List<AuditRecord> records)
    {
        for (final AuditRecord record : records)
        {
            if (record instanceof CycleTier tier && coldFile(journalDir, tier.cycleFile()).isFile())
            {
                deleteHot(journalDir, tier.cycleFile());
            }
        }
    }

    /**
     * Delete the directories that reads of cold cycles decompressed into and a crash (of a tool, or of the node) left
     * behind: those not touched for {@link #STALE_THAW_NS}, so that a read in progress keeps its own.
     *
     * @param journalDir directory of the journal.
     * @param nowNs      the time now, epoch nanoseconds.
     * @return directories deleted.
     */
    static int deleteStaleThaws(final File journalDir, final long nowNs)
    {
        final File[] thaws = new File(journalDir, DIR).listFiles(
            (file) -> file.isDirectory() && file.getName().startsWith(THAW_PREFIX));
        int deleted = 0;
        for (final File thaw : null == thaws ? new File[0] : thaws)
        {
            if (nowNs - thaw.lastModified() * 1_000_000L > STALE_THAW_NS)
            {
                CompactedStore.deleteTree(thaw);
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Check a cold file against its record.
     *
     * @param journalDir directory of the journal.
     * @param tier       the record of its move.
     * @return what is wrong, null when nothing is.
     */
    static String check(final File journalDir, final CycleTier tier)
    {
        final File cold = coldFile(journalDir, tier.cycleFile());
        if (!cold.isFile())
        {
            return "the cold file " + cold.getName() + " is missing";
        }
        final MessageDigest digest = MerkleTree.sha256();
        try (InputStream in = new DigestInputStream(new FileInputStream(cold), digest))
        {
            in.transferTo(OutputStream.nullOutputStream());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return cold.length() == tier.bytes() && MerkleTree.equal(digest.digest(), tier.sha256()) ? null :
            "the cold file " + cold.getName() + " is not the one moved (its length or SHA-256 differ)";
    }

    /**
     * Read a cycle file, hot or cold: a cold one is decompressed for the read into a file deleted after.
     *
     * @param journalDir directory of the journal.
     * @param cycleFile  name of the cycle file.
     * @param read       given the file to read.
     * @param <T>        what the read gives.
     * @return what the read gave.
     */
    public static <T> T withReadable(final File journalDir, final String cycleFile, final Function<File, T> read)
    {
        final File hot = new File(journalDir, cycleFile);
        if (!isCold(journalDir, cycleFile))
        {
            return read.apply(hot);
        }
        File thawDir = null;
        try
        {
            thawDir = Files.createTempDirectory(new File(journalDir, DIR).toPath(), THAW_PREFIX).toFile();
            final File thawed = new File(thawDir, cycleFile);
            try (InputStream in = open(coldFile(journalDir, cycleFile)))
            {
                Files.copy(in, thawed.toPath());
            }
            return read.apply(thawed);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot decompress " + coldFile(journalDir, cycleFile), ex);
        }
        finally
        {
            if (null != thawDir)
            {
                CompactedStore.deleteTree(thawDir);
            }
        }
    }

    /**
     * Hand over every entry of a cold cycle, as it decompresses, in order.
     *
     * @param journalDir directory of the journal.
     * @param cycleFile  name of a cycle in the cold tier.
     * @param handler    given each entry; the index is the entry's position in the cycle file.
     * @return entries read.
     */
    public static long read(final File journalDir, final String cycleFile, final JournalEntryHandler handler)
    {
        return read(coldFile(journalDir, cycleFile), handler);
    }

    /**
     * Hand over every entry of a compressed cycle file, as it decompresses, in order.
     *
     * @param coldFile a cycle file compressed by {@link #compress}.
     * @param handler  given each entry; the index is the entry's position in the cycle file.
     * @return entries read.
     */
    public static long read(final File coldFile, final JournalEntryHandler handler)
    {
        long entries = 0;
        try (ColdCycleReader reader = new ColdCycleReader(coldFile))
        {
            for (int read; (read = reader.poll(handler, 256)) > 0; )
            {
                entries += read;
            }
        }
        return entries;
    }

    /**
     * @param coldFile a compressed cycle file.
     * @return its bytes, decompressed as they are read.
     * @throws IOException when it cannot be opened.
     */
    static InputStream open(final File coldFile) throws IOException
    {
        return new BufferedInputStream(new ZstdInputStream(new FileInputStream(coldFile)), BUFFER);
    }

    private static void deleteHot(final File journalDir, final String cycleFile)
    {
        final File hot = new File(journalDir, cycleFile);
        if (hot.isFile() && !hot.delete())
        {
            throw new IllegalStateException("cannot delete " + hot + " after moving it to the cold tier");
        }
    }
}
