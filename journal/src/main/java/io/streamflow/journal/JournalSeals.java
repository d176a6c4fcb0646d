package io.streamflow.journal;

import io.streamflow.sbe.journal.JournalEntryDecoder;
import org.agrona.DirectBuffer;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal's audit log: {@code audit/seals.log} in the journal directory, one {@link CycleSeal} per line for each
 * completed cycle file, in cycle order, and beside it each cycle's checkpoint file ({@code audit/CYCLE.chain}: the
 * hash chain after every {@link #CHECKPOINT_INTERVAL}th entry of the cycle, and after its last). Both are appended
 * once and synced; nothing in them is ever rewritten.
 */
public final class JournalSeals
{
    /** Entries between two checkpoints of the hash chain. */
    public static final int CHECKPOINT_INTERVAL = 64;
    /** Directory of the audit log, in the journal directory. */
    public static final String AUDIT_DIR = "audit";

    private static final String LOG_NAME = "seals.log";
    private static final String CHECKPOINTS_SUFFIX = ".chain";

    private JournalSeals()
    {
    }

    /**
     * What a cycle file's entries hash to, continuing a chain.
     *
     * @param scan        of the file: whether every entry was good.
     * @param entries     in the file.
     * @param first       engine sequence of the first, -1 for none.
     * @param last        engine sequence of the last, -1 for none.
     * @param lastTimestampNs sequencing time of the last, 0 for none.
     * @param chainEnd    the chain after the last entry.
     * @param root        Merkle tree hash of the entries.
     * @param checkpoints the chain after every {@link #CHECKPOINT_INTERVAL}th entry and after the last, concatenated.
     */
    public record CycleHashes(
        JournalScanner.Result scan,
        long entries,
        long first,
        long last,
        long lastTimestampNs,
        byte[] chainEnd,
        byte[] root,
        byte[] checkpoints)
    {
    }

    /**
     * @param journalDir directory of the journal.
     * @return the seals of its audit log, in order (without the drops); empty when there is none.
     * @throws IllegalArgumentException naming the line that is not a record.
     */
    public static List<CycleSeal> read(final File journalDir)
    {
        final List<CycleSeal> seals = new ArrayList<>();
        for (final AuditRecord record : readRecords(journalDir))
        {
            if (record instanceof CycleSeal seal)
            {
                seals.add(seal);
            }
        }
        return seals;
    }

    /**
     * @param journalDir directory of the journal.
     * @return the records of its audit log, seals and drops, in order; empty when there is none.
     * @throws IllegalArgumentException naming the line that is not a record.
     */
    public static List<AuditRecord> readRecords(final File journalDir)
    {
        final File log = logFile(journalDir);
        final List<AuditRecord> records = new ArrayList<>();
        if (!log.isFile())
        {
            return records;
        }
        try
        {
            int number = 0;
            for (final String line : Files.readAllLines(log.toPath(), StandardCharsets.UTF_8))
            {
                number++;
                if (line.isBlank())
                {
                    continue;
                }
                try
                {
                    records.add(AuditRecord.parse(line));
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException(log + " line " + number + ": " + ex.getMessage(), ex);
                }
            }
            return records;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Hash a cycle file's entries: leaves, chain and root, and the checkpoints of the chain.
     *
     * @param journalDir directory of the journal.
     * @param cycleFile  one of its cycle files.
     * @param chainStart the chain before the file's first entry.
     * @return the hashes.
     */
    public static CycleHashes hash(final File journalDir, final File cycleFile, final byte[] chainStart)
    {
        final MessageDigest chainDigest = MerkleTree.sha256();
        final MerkleTree.Builder tree = new MerkleTree.Builder();
        final byte[][] chain = { chainStart.clone() };
        final long[] range = { -1, -1 };
        final ByteArrayOutputStream checkpoints = new ByteArrayOutputStream();
        final byte[][] copy = { new byte[256] };
        final JournalScanner.Result scan = JournalScanner.scanFile(journalDir, cycleFile,
            (buffer, offset, length, isGood) ->
            {
                final byte[] leaf = leafHash(buffer, offset, length, copy);
                tree.add(leaf);
                chainDigest.update(chain[0]);
                chainDigest.update(leaf);
                chain[0] = chainDigest.digest();
                final long sequence = buffer.getLong(offset + JournalEntryLayout.ENGINE_SEQUENCE_OFFSET,
                    JournalEntryDecoder.BYTE_ORDER);
                if (range[0] < 0)
                {
                    range[0] = sequence;
                }
                range[1] = sequence;
                if (0 == tree.leaves() % CHECKPOINT_INTERVAL)
                {
                    checkpoints.writeBytes(chain[0]);
                }
                return true;
            });
        if (0 != tree.leaves() % CHECKPOINT_INTERVAL)
        {
            checkpoints.writeBytes(chain[0]);
        }
        return new CycleHashes(scan, tree.leaves(), range[0], range[1], scan.lastTimestampNs(), chain[0],
            tree.root(), checkpoints.toByteArray());
    }

    /**
     * @return the leaf hash of an entry: the whole entry as journaled.
     */
    static byte[] leafHash(final DirectBuffer buffer, final int offset, final int length, final byte[][] copy)
    {
        if (copy[0].length < length)
        {
            copy[0] = new byte[Math.max(length, copy[0].length * 2)];
        }
        buffer.getBytes(offset, copy[0], 0, length);
        return MerkleTree.leafHash(copy[0], 0, length);
    }

    /**
     * Write a cycle's checkpoint file, then append its seal; both synced before this returns.
     */
    static void append(final File journalDir, final CycleSeal seal, final byte[] checkpoints)
    {
        final File audit = new File(journalDir, AUDIT_DIR);
        if (!audit.isDirectory() && !audit.mkdirs())
        {
            throw new UncheckedIOException(new IOException("cannot make " + audit));
        }
        write(checkpointsFile(journalDir, seal.cycleFile()), checkpoints, false);
        append(journalDir, seal);
    }

    /**
     * Append a record to the audit log, synced before this returns.
     */
    static void append(final File journalDir, final AuditRecord record)
    {
        write(logFile(journalDir), (record.toLine() + "\n").getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * @return the checkpoint file of a cycle.
     */
    public static File checkpointsFile(final File journalDir, final String cycleFile)
    {
        return new File(new File(journalDir, AUDIT_DIR), cycleFile + CHECKPOINTS_SUFFIX);
    }

    /**
     * @return the audit log of a journal.
     */
    public static File logFile(final File journalDir)
    {
        return new File(new File(journalDir, AUDIT_DIR), LOG_NAME);
    }

    static void write(final File file, final byte[] bytes, final boolean append)
    {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
