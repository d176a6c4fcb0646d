package io.streamflow.journal;

import net.openhft.chronicle.queue.RollCycle;
import org.agrona.concurrent.Agent;

import java.io.File;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Seals each completed cycle file of a journal ({@link CycleSeal}, in the audit log {@link JournalSeals}): every file
 * but the newest, which the writer may still append to, once, in order, continuing the hash chain from the seal
 * before. A file with a bad entry is not sealed (a verify names the entry), nor is any after it.
 * <p>
 * As an agent, for a thread of its own: it looks for a newly completed cycle at most once a second, and reads only
 * the files it seals, never the writer's; then it compacts the streams to compact ({@link StreamCompactor}), moves old
 * cycles to the cold tier ({@link ColdTier}) and applies the retention policy ({@link JournalRetention}).
 * <p>
 * Not thread safe: one sealer per journal directory, in the process that owns it.
 */
public final class JournalSealer implements Agent
{
    private static final long CHECK_INTERVAL_NS = 1_000_000_000L;
    private static final System.Logger LOGGER = System.getLogger(JournalSealer.class.getName());

    private final File journalDir;
    private final RetentionPolicy retention;
    private final LongSupplier needsFrom;
    private final RetentionHold hold;
    private final CycleOffsets cycleOffsets;
    private final Consumer<JournalRetention.Dropped> onDropped;
    private final Runnable onSealed;
    private long lastCheckNs = System.nanoTime() - CHECK_INTERVAL_NS;
    private String refusal;
    private String keptReason;
    private volatile String keptNow;
    private File outputLogDir;
    private Runnable onOutputCycleDropped = () -> { };
    private StreamCompactor[] compactors = new StreamCompactor[0];
    private CompactionHold compactionHold;
    private RetentionHold retentionHold;
    private Consumer<CompactionManifest> onCompacted = (manifest) -> { };
    private boolean isCompactionDue = true;
    private long coldAfterNs;
    private Runnable onMovedToCold = () -> { };
    private String compactionFault;

    /**
     * @param journalDir directory of the journal to seal.
     */
    public JournalSealer(final File journalDir)
    {
        this(journalDir, RetentionPolicy.KEEP_ALL, () -> 0, RetentionHold.NONE, (dropped) -> { }, () -> { });
    }

    /**
     * @param journalDir directory of the journal to seal.
     * @param retention  which sealed cycles to drop after sealing.
     * @param needsFrom  engine sequence from which recovery needs the journal, now ({@link JournalRetention}).
     * @param hold       what else holds cycles back (consumer groups' committed offsets).
     * @param onDropped  told of each cycle retention drops.
     * @param onSealed   told of each cycle sealed.
     */
    public JournalSealer(
        final File journalDir,
        final RetentionPolicy retention,
        final LongSupplier needsFrom,
        final RetentionHold hold,
        final Consumer<JournalRetention.Dropped> onDropped,
        final Runnable onSealed)
    {
        this.hold = hold;
        this.retentionHold = hold;
        this.cycleOffsets = new CycleOffsets(journalDir);
        this.onSealed = onSealed;
        this.journalDir = journalDir;
        this.retention = retention;
        this.needsFrom = needsFrom;
        this.onDropped = onDropped;
    }

    /**
     * Apply the retention policy to the node's output log too ({@link OutputLogRetention}), after the journal's.
     *
     * @param outputLogDir          directory of the output log.
     * @param onOutputCycleDropped  told of each of its cycles dropped.
     * @return this for a fluent API.
     */
    public JournalSealer outputLog(final File outputLogDir, final Runnable onOutputCycleDropped)
    {
        this.outputLogDir = outputLogDir;
        this.onOutputCycleDropped = onOutputCycleDropped;
        return this;
    }

    /**
     * Compact these streams ({@link StreamCompactor}) each time cycles are sealed, before retention, and hold back
     * retention of their records until compaction has covered them.
     *
     * @param streamIds         streams to compact.
     * @param rollCycle         the journal's.
     * @param deleteRetentionNs how long a tombstone is kept after it was appended.
     * @param onCompacted       told of each version made current.
     * @return this for a fluent API.
     */
    public JournalSealer compaction(
        final int[] streamIds,
        final RollCycle rollCycle,
        final long deleteRetentionNs,
        final Consumer<CompactionManifest> onCompacted)
    {
        compactors = new StreamCompactor[streamIds.length];
        for (int i = 0; i < streamIds.length; i++)
        {
            compactors[i] = new StreamCompactor(journalDir, new StreamCompactor.Context().streamId(streamIds[i])
                .rollCycle(rollCycle).deleteRetentionNs(deleteRetentionNs));
        }
        compactionHold = streamIds.length > 0 ? new CompactionHold(journalDir, streamIds) : null;
        if (null != compactionHold)
        {
            // Compaction not yet covering a compacted stream's records holds a cycle; then the holds given do.
            retentionHold = (streamId, partition, lastOffset) ->
            {
                final String compaction = compactionHold.holdOf(streamId, partition, lastOffset);
                return null != compaction ? compaction : hold.holdOf(streamId, partition, lastOffset);
            };
        }
        this.onCompacted = onCompacted;
        return this;
    }

    /**
     * Move sealed cycles to the cold tier ({@link ColdTier}) once their last entry is older than an age, oldest
     * first: never one that recovery from the snapshot still needs, nor one with records of a compacted stream that
     * compaction has not covered.
     *
     * @param coldAfterNs   age after which a sealed cycle goes cold, 0 for never.
     * @param onMovedToCold told of each cycle moved.
     * @return this for a fluent API.
     */
    public JournalSealer coldTier(final long coldAfterNs, final Runnable onMovedToCold)
    {
        this.coldAfterNs = coldAfterNs;
        this.onMovedToCold = onMovedToCold;
        return this;
    }

    /**
     * Move to the cold tier the sealed cycles old enough, oldest first, that nothing needs at hand.
     *
     * @param nowNs the time now, epoch nanoseconds.
     * @return cycles moved.
     */
    public int moveToCold(final long nowNs)
    {
        if (coldAfterNs <= 0)
        {
            return 0;
        }
        final List<AuditRecord> records = JournalSeals.readRecords(journalDir);
        ColdTier.finishMoves(journalDir, records);
        ColdTier.deleteStaleThaws(journalDir, nowNs);
        final Set<String> gone = new HashSet<>();
        for (final AuditRecord record : records)
        {
            if (record instanceof CycleDrop || record instanceof CycleTier)
            {
                gone.add(record.cycleFile());
            }
        }
        byte[] previous = records.isEmpty() ? MerkleTree.zeros() : records.get(records.size() - 1).hash();
        final long needed = needsFrom.getAsLong();
        int moved = 0;
        for (final AuditRecord record : records)
        {
            if (!(record instanceof CycleSeal seal) || gone.contains(seal.cycleFile()) ||
                !new File(journalDir, seal.cycleFile()).isFile())
            {
                continue;
            }
            if (nowNs - seal.lastTimestampNs() <= coldAfterNs || seal.lastSequence() >= needed ||
                (null != compactionHold && null != cycleOffsets.holdOf(seal.cycleFile(), compactionHold)))
            {
                break;
            }
            final CycleTier tier = ColdTier.move(journalDir, seal, previous);
            previous = tier.hash();
            moved++;
            LOGGER.log(System.Logger.Level.INFO, "journal: cycle " + seal.cycleFile() + " moved to the cold tier (" +
                tier.bytes() + " bytes " + tier.codec() + ")");
            onMovedToCold.run();
        }
        return moved;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-journal-sealer";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        final long nowNs = System.nanoTime();
        if (nowNs - lastCheckNs < CHECK_INTERVAL_NS)
        {
            return 0;
        }
        lastCheckNs = nowNs;
        final int sealed = sealCompleted();
        final int compacted = sealed > 0 || isCompactionDue ? compactStreams() : 0;
        final long epochNs = System.currentTimeMillis() * 1_000_000L;
        return sealed + compacted + moveToCold(epochNs) + applyRetention(epochNs) + applyOutputLogRetention(epochNs);
    }

    /**
     * Compact each stream to compact that has sealed cycles its current version does not cover. A stream whose
     * compaction fails (a source that no longer matches its seal) is logged and tried again when more cycles are
     * sealed; retention keeps its records meanwhile.
     *
     * @return versions made current.
     */
    public int compactStreams()
    {
        isCompactionDue = false;
        int compacted = 0;
        for (final StreamCompactor compactor : compactors)
        {
            try
            {
                final CompactionManifest manifest = compactor.compact();
                if (null != manifest)
                {
                    compacted++;
                    compactionHold.covered(manifest);
                    LOGGER.log(System.Logger.Level.INFO, "journal: stream " + manifest.streamId() +
                        " compacted to version " + manifest.version() + " (engine sequences up to " +
                        manifest.covered() + "): " + manifest.keysKept() + " keys, " + manifest.recordsDropped() +
                        " of " + manifest.recordsRead() + " records dropped, " + manifest.keysRemoved() +
                        " keys removed");
                    onCompacted.accept(manifest);
                }
            }
            catch (final IllegalStateException | java.io.UncheckedIOException ex)
            {
                if (!ex.getMessage().equals(compactionFault))
                {
                    compactionFault = ex.getMessage();
                    LOGGER.log(System.Logger.Level.WARNING, "journal: compaction failed: " + ex.getMessage());
                }
            }
        }
        return compacted;
    }

    /**
     * Drop what the retention policy says, of the output log's cycles, when there is one.
     *
     * @param nowNs the time now, epoch nanoseconds.
     * @return cycles dropped.
     */
    public int applyOutputLogRetention(final long nowNs)
    {
        if (null == outputLogDir)
        {
            return 0;
        }
        final List<String> dropped = OutputLogRetention.apply(outputLogDir, retention, nowNs);
        for (final String cycleFile : dropped)
        {
            LOGGER.log(System.Logger.Level.INFO, "output log: cycle " + cycleFile + " dropped by retention");
            onOutputCycleDropped.run();
        }
        return dropped.size();
    }

    /**
     * Drop what the retention policy says, of the sealed cycles.
     *
     * @param nowNs the time now, epoch nanoseconds.
     * @return cycles dropped.
     */
    public int applyRetention(final long nowNs)
    {
        final String[] keptThisRound = new String[1];
        final List<JournalRetention.Dropped> dropped = JournalRetention.apply(journalDir, retention,
            needsFrom.getAsLong(), retentionHold, cycleOffsets, nowNs, (reason) ->
            {
                keptThisRound[0] = reason;
                if (!reason.equals(keptReason))
                {
                    keptReason = reason;
                    LOGGER.log(System.Logger.Level.INFO, "journal: " + reason);
                }
            });
        keptNow = keptThisRound[0];
        for (final JournalRetention.Dropped drop : dropped)
        {
            LOGGER.log(drop.forced() ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "journal: cycle " +
                drop.cycleFile() + " dropped by retention (" + drop.reason() + ")" + (drop.forced() ?
                ", forced: " + drop.neededBy() : ""));
            onDropped.accept(drop);
        }
        return dropped.size();
    }

    /**
     * @return why the oldest cycle past the retention policy was kept in the last round of retention, or null when
     * none was (nothing past the policy, or it went). Read from any thread.
     */
    public String keptReason()
    {
        return keptNow;
    }

    /**
     * Seal every completed cycle file not sealed yet.
     *
     * @return cycle files sealed.
     */
    public int sealCompleted()
    {
        final List<File> files = JournalScanner.cycleFiles(journalDir);
        final List<AuditRecord> records = JournalSeals.readRecords(journalDir);
        CycleSeal last = null;
        for (final AuditRecord record : records)
        {
            if (record instanceof CycleSeal seal)
            {
                last = seal;
            }
        }
        int sealed = 0;
        byte[] chain = null == last ? MerkleTree.zeros() : last.chainEnd();
        byte[] previous = records.isEmpty() ? MerkleTree.zeros() : records.get(records.size() - 1).hash();
        for (int i = 0; i < files.size() - 1; i++)
        {
            final File file = files.get(i);
            if (null != last && file.getName().compareTo(last.cycleFile()) <= 0)
            {
                continue;
            }
            final JournalSeals.CycleHashes hashes = JournalSeals.hash(journalDir, file, chain);
            if (!hashes.scan().isValid())
            {
                final String reason = "not sealed: " + hashes.scan().fault();
                if (!reason.equals(refusal))
                {
                    refusal = reason;
                    LOGGER.log(System.Logger.Level.WARNING, "journal: cycle " + file.getName() + " " + reason);
                }
                break;
            }
            final CycleSeal seal = CycleSeal.of(file.getName(), hashes.entries(), hashes.first(), hashes.last(),
                hashes.lastTimestampNs(), chain, hashes.chainEnd(), hashes.root(),
                MerkleTree.sha256().digest(hashes.checkpoints()), previous);
            JournalSeals.append(journalDir, seal, hashes.checkpoints());
            chain = seal.chainEnd();
            previous = seal.hash();
            sealed++;
            onSealed.run();
        }
        return sealed;
    }
}
