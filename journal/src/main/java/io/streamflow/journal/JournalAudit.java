package io.streamflow.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a journal against its audit log ({@link JournalSeals}), and proves an entry's inclusion in a sealed cycle.
 * <p>
 * A verify recomputes every sealed cycle from its entries and compares: the seals' own hashes and their chain, the
 * hash chain across cycles, each cycle's entry count, Merkle root and chain end, and its checkpoint file, which names
 * the first {@link JournalSeals#CHECKPOINT_INTERVAL} entries that differ from what was sealed. A cycle file deleted,
 * truncated or changed (even with its checksums made good again), a seal changed, dropped or put in between: each is
 * found and named.
 */
public final class JournalAudit
{
    private JournalAudit()
    {
    }

    /**
     * What a verify of the audit found.
     *
     * @param seals cycles whose seals were checked (all of them when valid).
     * @param fault the first thing wrong, null when none.
     * @param notes what is not wrong but worth saying (cycles not sealed yet).
     */
    public record Result(int seals, String fault, List<String> notes)
    {
        /**
         * @return true when nothing is wrong.
         */
        public boolean isValid()
        {
            return null == fault;
        }
    }

    /**
     * @param journalDir directory of the journal.
     * @return what the audit log and the cycles it seals say.
     */
    public static Result verify(final File journalDir)
    {
        final List<String> notes = new ArrayList<>();
        final List<AuditRecord> records;
        try
        {
            records = JournalSeals.readRecords(journalDir);
        }
        catch (final IllegalArgumentException ex)
        {
            return new Result(0, "audit log unreadable: " + ex.getMessage(), notes);
        }
        final Set<String> dropped = new HashSet<>();
        records.stream().filter((r) -> r instanceof CycleDrop).forEach((r) -> dropped.add(r.cycleFile()));

        byte[] previous = MerkleTree.zeros();
        byte[] chain = null;
        int seals = 0;
        final Map<String, CycleSeal> sealsByCycle = new HashMap<>();
        for (int k = 0; k < records.size(); k++)
        {
            final AuditRecord record = records.get(k);
            final String which = (record instanceof CycleSeal ? "seal " : record instanceof CycleDrop ? "drop " :
                record instanceof CycleTier ? "cold " : "compaction ") + (k + 1) + " (" +
                (record instanceof CompactionRecord ? "" : "cycle ") + record.cycleFile() + ")";
            if (!record.isIntact())
            {
                return new Result(seals, which + " was altered: its hash is not that of its fields", notes);
            }
            if (!MerkleTree.equal(record.previous(), previous))
            {
                return new Result(seals, which + " does not follow the record before it: a record was changed, " +
                    "dropped or put in between", notes);
            }
            if (record instanceof CycleSeal seal)
            {
                final String fault = check(journalDir, seal, which, chain, dropped.contains(seal.cycleFile()));
                if (null != fault)
                {
                    return new Result(seals, fault, notes);
                }
                sealsByCycle.put(seal.cycleFile(), seal);
                chain = seal.chainEnd();
                seals++;
            }
            else if (record instanceof CycleTier tier)
            {
                final CycleSeal seal = sealsByCycle.get(tier.cycleFile());
                if (null == seal || !MerkleTree.equal(seal.hash(), tier.sealHash()))
                {
                    return new Result(seals, which + " names no seal before it", notes);
                }
                if (!dropped.contains(tier.cycleFile()))
                {
                    final String fault = ColdTier.check(journalDir, tier);
                    if (null != fault)
                    {
                        return new Result(seals, which + ": " + fault, notes);
                    }
                    notes.add("cycle " + tier.cycleFile() + " is in the cold tier (" + tier.codec() + ", " +
                        tier.bytes() + " bytes)" + (new File(journalDir, tier.cycleFile()).isFile() ? "; its file " +
                        "is still there (deleted on the next round)" : ""));
                }
            }
            else if (record instanceof CycleDrop drop)
            {
                final CycleSeal seal = sealsByCycle.get(drop.cycleFile());
                if (null == seal || !MerkleTree.equal(seal.hash(), drop.sealHash()))
                {
                    return new Result(seals, which + " names no seal before it", notes);
                }
                notes.add("cycle " + drop.cycleFile() + " (engine sequences " + seal.firstSequence() + ".." +
                    seal.lastSequence() + ") was dropped by retention (" + drop.reason() +
                    (drop.forced() ? ", forced: recovery or a consumer group still needed it" : "") + ")");
                if (new File(journalDir, drop.cycleFile()).isFile())
                {
                    notes.add("cycle " + drop.cycleFile() + " was dropped but its file is still there (retention " +
                        "deletes it on its next round)");
                }
            }
            previous = record.hash();
        }

        final String compactionFault = CompactionAudit.verify(journalDir, records, sealsByCycle, notes);
        if (null != compactionFault)
        {
            return new Result(seals, compactionFault, notes);
        }
        final List<File> files = JournalScanner.cycleFiles(journalDir);
        for (int i = 0; i < files.size() - 1; i++)
        {
            if (!sealsByCycle.containsKey(files.get(i).getName()))
            {
                notes.add("cycle " + files.get(i).getName() + " is complete and not sealed yet");
            }
        }
        return new Result(seals, null, notes);
    }

    /**
     * An inclusion proof for the entry of an engine sequence, from the sealed cycle that holds it.
     *
     * @param journalDir directory of the journal.
     * @param sequence   engine sequence of the entry.
     * @return the proof.
     * @throws IllegalArgumentException when no sealed cycle holds the entry, or the cycle no longer matches its seal.
     */
    public static InclusionProof prove(final File journalDir, final long sequence)
    {
        CycleSeal holder = null;
        for (final CycleSeal seal : JournalSeals.read(journalDir))
        {
            if (seal.firstSequence() <= sequence && sequence <= seal.lastSequence())
            {
                holder = seal;
            }
        }
        if (null == holder)
        {
            throw new IllegalArgumentException("engine sequence " + sequence + " is in no sealed cycle (a cycle is " +
                "sealed once the journal has moved on to the next)");
        }
        // One pass over the cycle: each leaf goes to the sibling subtree of the path that holds it, the tree's root
        // is recomputed alongside, and nothing grows with the cycle's size.
        final long index = sequence - holder.firstSequence();
        final List<long[]> ranges = MerkleTree.pathRanges(index, holder.entries());
        final List<MerkleTree.Builder> siblings = new ArrayList<>();
        ranges.forEach((range) -> siblings.add(new MerkleTree.Builder()));
        final MerkleTree.Builder whole = new MerkleTree.Builder();
        final byte[][] entry = { null };
        final byte[][] leafHash = { null };
        final byte[][] copy = { new byte[256] };
        final long[] position = { 0 };
        final JournalScanner.Result scan = ColdTier.withReadable(journalDir, holder.cycleFile(),
            (file) -> JournalScanner.scanFile(journalDir, file, (buffer, offset, length, isGood) ->
            {
                final byte[] leaf = JournalSeals.leafHash(buffer, offset, length, copy);
                whole.add(leaf);
                final long at = position[0]++;
                if (at == index)
                {
                    entry[0] = new byte[length];
                    buffer.getBytes(offset, entry[0]);
                    leafHash[0] = leaf;
                }
                for (int i = 0; i < ranges.size(); i++)
                {
                    if (ranges.get(i)[0] <= at && at < ranges.get(i)[1])
                    {
                        siblings.get(i).add(leaf);
                        break;
                    }
                }
                return true;
            }));
        if (!scan.isValid() || whole.leaves() != holder.entries() || !MerkleTree.equal(whole.root(), holder.root()))
        {
            throw new IllegalArgumentException("cycle " + holder.cycleFile() + " no longer matches its seal; " +
                "see 'streamflow journal verify'");
        }
        final List<byte[]> path = new ArrayList<>();
        siblings.forEach((sibling) -> path.add(sibling.root()));
        return new InclusionProof(sequence, holder.cycleFile(), index, holder.entries(), entry[0], leafHash[0], path,
            holder.root(), holder.toLine());
    }

    private static String check(
        final File journalDir, final CycleSeal seal, final String which, final byte[] chain, final boolean isDropped)
    {
        if (null != chain && !MerkleTree.equal(seal.chainStart(), chain))
        {
            return which + " does not continue the hash chain where the seal before it ended";
        }
        if (isDropped)
        {
            return null;
        }
        if (!new File(journalDir, seal.cycleFile()).isFile() &&
            !ColdTier.coldFile(journalDir, seal.cycleFile()).isFile())
        {
            return which + ": the cycle file is missing";
        }
        final byte[] checkpoints;
        try
        {
            final File checkpointsFile = JournalSeals.checkpointsFile(journalDir, seal.cycleFile());
            checkpoints = checkpointsFile.isFile() ? Files.readAllBytes(checkpointsFile.toPath()) : new byte[0];
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        if (!MerkleTree.equal(MerkleTree.sha256().digest(checkpoints), seal.checkpointsHash()))
        {
            return which + ": its checkpoint file was altered or is missing";
        }

        final JournalSeals.CycleHashes hashes;
        try
        {
            hashes = ColdTier.withReadable(journalDir, seal.cycleFile(),
                (file) -> JournalSeals.hash(journalDir, file, seal.chainStart()));
        }
        catch (final UncheckedIOException ex)
        {
            return which + ": " + ex.getMessage() + " (" + ex.getCause().getMessage() + "): the cold file was altered";
        }
        if (!hashes.scan().isValid())
        {
            return which + ": " + hashes.scan().fault();
        }
        final boolean sameEntries = MerkleTree.equal(hashes.root(), seal.root()) &&
            MerkleTree.equal(hashes.chainEnd(), seal.chainEnd()) && hashes.entries() == seal.entries();
        if (sameEntries)
        {
            return null;
        }
        final int block = firstDifferingBlock(checkpoints, hashes.checkpoints());
        final long from = seal.firstSequence() + (long)block * JournalSeals.CHECKPOINT_INTERVAL;
        final long to = Math.min(seal.lastSequence(), from + JournalSeals.CHECKPOINT_INTERVAL - 1);
        final String count = hashes.entries() == seal.entries() ? "" : " (it holds " + hashes.entries() +
            " entries, sealed with " + seal.entries() + ")";
        return which + ": the entries from engine sequence " + from + " to " + to + " are not those sealed" + count;
    }

    private static int firstDifferingBlock(final byte[] sealed, final byte[] now)
    {
        final int blocks = Math.max(sealed.length, now.length) / MerkleTree.HASH_LENGTH;
        for (int b = 0; b < blocks; b++)
        {
            final int at = b * MerkleTree.HASH_LENGTH;
            if (at + MerkleTree.HASH_LENGTH > sealed.length || at + MerkleTree.HASH_LENGTH > now.length ||
                !Arrays.equals(sealed, at, at + MerkleTree.HASH_LENGTH, now, at, at + MerkleTree.HASH_LENGTH))
            {
                return b;
            }
        }
        return Math.max(0, blocks - 1);
    }
}
