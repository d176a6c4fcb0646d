package io.streamflow.journal;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Drops whole sealed cycles of a journal, oldest first, as a {@link RetentionPolicy} says: never the newest cycle
 * (the writer's), never one not sealed, and never one that is needed unless the policy says so: one holding entries
 * the oldest snapshot kept still needs (recovery replays the journal after the snapshot), or records a
 * {@link RetentionHold} holds (a consumer group's committed offset is at or before them). Each drop is recorded in
 * the audit log ({@link CycleDrop}) before the file is deleted, so a verify afterwards knows the cycle went by policy;
 * a crash between the two leaves the file, which the next round deletes. A cycle in the cold tier ({@link ColdTier})
 * goes the same way, its compressed file deleted; by size, the cold tier's files count at their compressed length.
 * <p>
 * Not thread safe: run by the one thread that seals the journal ({@link JournalSealer}).
 */
public final class JournalRetention
{
    private JournalRetention()
    {
    }

    /**
     * A cycle dropped.
     *
     * @param cycleFile name of the file.
     * @param reason    {@code age} or {@code size}.
     * @param forced    true when it was needed (by recovery, or held) and the policy dropped it all the same.
     * @param neededBy  then what needed it, else null.
     */
    public record Dropped(String cycleFile, String reason, boolean forced, String neededBy)
    {
    }

    /**
     * @param journalDir directory of the journal.
     * @param policy     what to keep.
     * @param needsFrom  engine sequence from which recovery needs the journal (the oldest kept snapshot's sequence
     *                   + 1, 0 when there is no snapshot): a cycle with an entry at or after it is needed.
     * @param nowNs      the time now, epoch nanoseconds, as the journal's timestamps are.
     * @param kept       told, for the oldest cycle past the policy that is kept because it is needed, why.
     * @return the cycles dropped this round, oldest first.
     */
    public static List<Dropped> apply(
        final File journalDir,
        final RetentionPolicy policy,
        final long needsFrom,
        final long nowNs,
        final Consumer<String> kept)
    {
        return apply(journalDir, policy, needsFrom, RetentionHold.NONE, null, nowNs, kept);
    }

    /**
     * @param journalDir   directory of the journal.
     * @param policy       what to keep.
     * @param needsFrom    engine sequence from which recovery needs the journal (the oldest kept snapshot's sequence
     *                     + 1, 0 when there is no snapshot): a cycle with an entry at or after it is needed.
     * @param hold         what else may need a cycle's records (consumer groups): a cycle it holds is needed too.
     * @param cycleOffsets the journal's cycles' offsets, for the hold (null when it is {@link RetentionHold#NONE}).
     * @param nowNs        the time now, epoch nanoseconds, as the journal's timestamps are.
     * @param kept         told, for the oldest cycle past the policy that is kept because it is needed, why.
     * @return the cycles dropped this round, oldest first.
     */
    public static List<Dropped> apply(
        final File journalDir,
        final RetentionPolicy policy,
        final long needsFrom,
        final RetentionHold hold,
        final CycleOffsets cycleOffsets,
        final long nowNs,
        final Consumer<String> kept)
    {
        final List<Dropped> droppedNow = new ArrayList<>();
        if (!policy.isActive())
        {
            return droppedNow;
        }
        final List<AuditRecord> records = JournalSeals.readRecords(journalDir);
        final Set<String> alreadyDropped = new HashSet<>();
        for (final AuditRecord record : records)
        {
            if (record instanceof CycleDrop drop)
            {
                alreadyDropped.add(drop.cycleFile());
                delete(journalDir, drop.cycleFile());
            }
        }
        final List<File> files = JournalScanner.cycleFiles(journalDir);
        if (files.isEmpty())
        {
            return droppedNow;
        }
        final String newest = files.get(files.size() - 1).getName();
        long totalBytes = 0;
        for (final File file : files)
        {
            totalBytes += file.length();
        }
        for (final CycleSeal cold : ColdTier.coldSeals(journalDir))
        {
            totalBytes += ColdTier.bytesOf(journalDir, cold.cycleFile());
        }

        byte[] previous = records.isEmpty() ? MerkleTree.zeros() : records.get(records.size() - 1).hash();
        for (final AuditRecord record : records)
        {
            if (!(record instanceof CycleSeal seal) || alreadyDropped.contains(seal.cycleFile()) ||
                seal.cycleFile().equals(newest))
            {
                continue;
            }
            final boolean pastAge = policy.maxAgeNs() > 0 && nowNs - seal.lastTimestampNs() > policy.maxAgeNs();
            final boolean pastSize = policy.maxBytes() > 0 && totalBytes > policy.maxBytes();
            if (!pastAge && !pastSize)
            {
                break;
            }
            final String neededBy = seal.lastSequence() >= needsFrom ? "recovery still needs it (engine sequences " +
                seal.firstSequence() + ".." + seal.lastSequence() + ", needed from " + needsFrom + ")" :
                RetentionHold.NONE == hold ? null : cycleOffsets.holdOf(seal.cycleFile(), hold);
            final boolean needed = null != neededBy;
            if (needed && !policy.mayDropNeeded())
            {
                kept.accept("cycle " + seal.cycleFile() + " is past the retention policy (" +
                    (pastAge ? "age" : "size") + ") but kept: " + neededBy);
                break;
            }
            final CycleDrop drop = CycleDrop.of(seal.cycleFile(), seal.hash(), pastAge ? "age" : "size", needed,
                previous);
            JournalSeals.append(journalDir, drop);
            previous = drop.hash();
            totalBytes -= ColdTier.bytesOf(journalDir, seal.cycleFile());
            delete(journalDir, seal.cycleFile());
            droppedNow.add(new Dropped(seal.cycleFile(), drop.reason(), needed, neededBy));
            if (null != cycleOffsets)
            {
                cycleOffsets.forget(seal.cycleFile());
            }
        }
        return droppedNow;
    }

    private static void delete(final File journalDir, final String cycleFile)
    {
        final File file = new File(journalDir, cycleFile);
        if (file.isFile() && !file.delete())
        {
            throw new IllegalStateException("retention could not delete " + file);
        }
        final File cold = ColdTier.coldFile(journalDir, cycleFile);
        if (cold.isFile() && !cold.delete())
        {
            throw new IllegalStateException("retention could not delete " + cold);
        }
        final File coldOffsets = new File(cold.getPath().replace(".zst", ".offsets"));
        if (coldOffsets.isFile() && !coldOffsets.delete())
        {
            throw new IllegalStateException("retention could not delete " + coldOffsets);
        }
        final File checkpoints = JournalSeals.checkpointsFile(journalDir, cycleFile);
        if (checkpoints.isFile() && !checkpoints.delete())
        {
            throw new IllegalStateException("retention could not delete " + checkpoints);
        }
    }
}
