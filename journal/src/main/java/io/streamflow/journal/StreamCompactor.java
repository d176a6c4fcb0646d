package io.streamflow.journal;

import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.RecordDecoder;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Compacts a keyed stream, as Kafka's log cleaner does a compacted topic: of the stream's records in the sealed
 * cycles of the journal (and in its previous compacted version), keeps the newest value per key of each partition,
 * in engine sequence order, with their offsets, engine sequences and checksums as journaled; a tombstone (a record
 * with a key and an empty payload, Kafka's null value) removes the values before it, and is itself kept for the
 * delete retention (Kafka's {@code delete.retention.ms}, default a day) after it was appended, then removed with its
 * key. Records without a key are kept, all of them (Kafka refuses them on a compacted topic; StreamFlow's streams
 * take them, and compaction never loses one).
 * <p>
 * One run reads only sealed cycles, never the writer's, checks each against its seal and the previous version
 * against its manifest, and writes the new version beside ({@link CompactedStore}) in these steps:
 * <ol>
 *   <li>{@link Step#WRITE_RESULT}: the kept records into a Chronicle queue under {@code vNNNNNNNN.tmp}, each in the
 *   cycle of its append time;</li>
 *   <li>{@link Step#WRITE_MANIFEST}: the result cycles hashed, the {@link CompactionManifest} written, all synced;</li>
 *   <li>{@link Step#RENAME_VERSION}: the directory renamed to {@code vNNNNNNNN};</li>
 *   <li>{@link Step#AUDIT}: a {@link CompactionRecord} with the manifest's hash appended to the audit log;</li>
 *   <li>{@link Step#SWITCH}: {@code CURRENT} replaced by an atomic rename: the commit point;</li>
 *   <li>{@link Step#DELETE_OLD}: versions older than the one replaced deleted.</li>
 * </ol>
 * A crash before {@link Step#SWITCH} leaves the old version current; from it on, the new one. Either way nothing is
 * mixed: readers open the version {@code CURRENT} names, and {@link CompactedStore#recover} clears the rest.
 * <p>
 * Not thread safe: one compaction of a journal at a time, in the process that writes its audit log.
 */
public final class StreamCompactor
{
    /** Delete retention unless configured: a day, Kafka's {@code delete.retention.ms}. */
    public static final long DEFAULT_DELETE_RETENTION_NS = TimeUnit.DAYS.toNanos(1);

    /** The steps of a compaction, in order; a test may stop a run before any of them, as a crash would. */
    public enum Step
    {
        /** Writing the kept records (a stop here leaves the result half written). */
        WRITE_RESULT,
        /** Half the kept records written, the rest not. */
        MID_RESULT,
        /** Hashing the result and writing the manifest. */
        WRITE_MANIFEST,
        /** Renaming the finished version into place. */
        RENAME_VERSION,
        /** Recording the manifest's hash in the audit log. */
        AUDIT,
        /** Making the new version current. */
        SWITCH,
        /** Deleting versions older than the replaced one. */
        DELETE_OLD
    }

    /**
     * Called before each step; a test throws from it to stop the run there, as a crash would.
     */
    @FunctionalInterface
    public interface StepHook
    {
        /** Runs no hook. */
        StepHook NONE = (step) -> { };

        /**
         * @param step about to run.
         */
        void before(Step step);
    }

    /**
     * Configuration of a compaction.
     */
    public static final class Context
    {
        private int streamId;
        private RollCycle rollCycle = Journal.DEFAULT_ROLL_CYCLE;
        private long deleteRetentionNs = DEFAULT_DELETE_RETENTION_NS;
        private StepHook stepHook = StepHook.NONE;

        /**
         * @param streamId the stream to compact.
         * @return this for a fluent API.
         */
        public Context streamId(final int streamId)
        {
            this.streamId = streamId;
            return this;
        }

        /**
         * @return the stream to compact.
         */
        public int streamId()
        {
            return streamId;
        }

        /**
         * @param rollCycle of the compacted version's queue: the journal's.
         * @return this for a fluent API.
         */
        public Context rollCycle(final RollCycle rollCycle)
        {
            this.rollCycle = rollCycle;
            return this;
        }

        /**
         * @param deleteRetentionNs how long a tombstone is kept after it was appended.
         * @return this for a fluent API.
         */
        public Context deleteRetentionNs(final long deleteRetentionNs)
        {
            this.deleteRetentionNs = deleteRetentionNs;
            return this;
        }

        /**
         * @param stepHook called before each step (tests).
         * @return this for a fluent API.
         */
        public Context stepHook(final StepHook stepHook)
        {
            this.stepHook = stepHook;
            return this;
        }
    }

    private final File journalDir;
    private final Context ctx;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RecordDecoder record = new RecordDecoder();
    private final JournalEntryView view = new JournalEntryView();
    private final JournalChecksum checksum = new JournalChecksum();

    /**
     * @param journalDir directory of the journal.
     * @param ctx        what to compact and how.
     */
    public StreamCompactor(final File journalDir, final Context ctx)
    {
        this.journalDir = journalDir;
        this.ctx = ctx;
    }

    /**
     * Compact the stream if the journal has sealed cycles its current version does not cover.
     *
     * @return the manifest of the version made current, or null when there was nothing new to compact.
     * @throws IllegalStateException when a source no longer matches its seal or manifest: nothing is changed.
     */
    public CompactionManifest compact()
    {
        final int streamId = ctx.streamId;
        CompactedStore.recover(journalDir, streamId);
        final CompactedStore.Version previous = CompactedStore.current(journalDir, streamId);
        final long covered = null == previous ? -1 : previous.manifest().covered();
        final List<CycleSeal> sources = sourcesAfter(covered);
        if (sources.isEmpty())
        {
            return null;
        }
        final long version = null == previous ? 1 : previous.version() + 1;

        // Pass 1: the newest record of each key, and the sources checked against their seals.
        final Map<Key, Newest> newest = new HashMap<>();
        final long[] horizon = { Long.MIN_VALUE };
        final SortedMap<Integer, Long> nextOffsets = null == previous ? new TreeMap<>() :
            new TreeMap<>(previous.manifest().nextOffsets());
        final List<CompactionManifest.Cycle> sourceCycles = new ArrayList<>();
        forEachInput(previous, sources, sourceCycles, true, (buffer, offset, length, isRecord) ->
        {
            horizon[0] = Math.max(horizon[0], view.timestampNs());
            if (isRecord)
            {
                final Key key = keyOf(buffer);
                if (null != key)
                {
                    newest.put(key, new Newest(view.engineSequence(), isTombstone(), view.timestampNs()));
                }
                nextOffsets.merge(view.partition(), view.partitionOffset() + 1, Math::max);
            }
        });
        final long horizonNs = Math.max(horizon[0], null == previous ? Long.MIN_VALUE :
            previous.manifest().coveredTimeNs());

        // Pass 2: write what is kept.
        final Set<Key> removed = new HashSet<>();
        final long[] counts = new long[4]; // read, dropped, keyless, tombstones kept
        final File tmpDir = CompactedStore.tmpDir(journalDir, streamId, version);
        if (tmpDir.exists())
        {
            CompactedStore.deleteTree(tmpDir);
        }
        ctx.stepHook.before(Step.WRITE_RESULT);
        final EntryClock clock = new EntryClock();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[JournalScanner.MAX_ENTRY_LENGTH]);
        final long half = Math.max(1, newest.size() / 2);
        try (Journal result = Journal.open(tmpDir, ctx.rollCycle, clock); JournalWriter writer = result.newWriter())
        {
            final long[] written = { 0 };
            forEachInput(previous, sources, null, false, (buffer, offset, length, isRecord) ->
            {
                if (!isRecord)
                {
                    return;
                }
                counts[0]++;
                final Key key = keyOf(buffer);
                final Newest last = null == key ? null : newest.get(key);
                final boolean isNewest = null == key || last.sequence() == view.engineSequence();
                final boolean tombstoneExpired = null != last && isNewest && last.isTombstone() &&
                    horizonNs - last.timestampNs() >= ctx.deleteRetentionNs;
                if (!isNewest || tombstoneExpired)
                {
                    counts[1]++;
                    if (tombstoneExpired)
                    {
                        removed.add(key);
                    }
                    return;
                }
                counts[2] += null == key ? 1 : 0;
                counts[3] += null != last && last.isTombstone() ? 1 : 0;
                buffer.getBytes(offset, copy, 0, length);
                clock.at(view.timestampNs());
                writer.append(copy, 0, length);
                if (++written[0] == half)
                {
                    ctx.stepHook.before(Step.MID_RESULT);
                }
            });
        }

        ctx.stepHook.before(Step.WRITE_MANIFEST);
        final List<CompactionManifest.Cycle> results = hashCycles(tmpDir);
        final List<CompactionManifest.RemovedKey> removedKeys = new ArrayList<>();
        removed.stream().sorted().forEach((key) -> removedKeys.add(new CompactionManifest.RemovedKey(
            key.partition, key.bytes)));
        final long keysKept = newest.values().stream().filter((n) -> !n.isTombstone()).count();
        final CompactionManifest manifest = new CompactionManifest(streamId, version,
            sources.get(sources.size() - 1).lastSequence(), horizonNs, ctx.deleteRetentionNs,
            null == previous ? 0 : previous.version(),
            null == previous ? MerkleTree.zeros() : previous.manifest().hash(),
            List.copyOf(sourceCycles), results, nextOffsets, keysKept, removed.size(), counts[3], counts[2],
            counts[0], counts[1], removedKeys, null).hashed();
        CompactedStore.write(new File(tmpDir, CompactionManifest.FILE_NAME),
            manifest.toText().getBytes(StandardCharsets.UTF_8));
        CompactedStore.syncTree(tmpDir);

        ctx.stepHook.before(Step.RENAME_VERSION);
        final File versionDir = CompactedStore.versionDir(journalDir, streamId, version);
        CompactedStore.rename(tmpDir, versionDir);

        ctx.stepHook.before(Step.AUDIT);
        final List<AuditRecord> records = JournalSeals.readRecords(journalDir);
        final byte[] previousRecord = records.isEmpty() ? MerkleTree.zeros() : records.get(records.size() - 1).hash();
        JournalSeals.append(journalDir, CompactionRecord.of(streamId, version, manifest.hash(), manifest.covered(),
            previousRecord));

        ctx.stepHook.before(Step.SWITCH);
        CompactedStore.makeCurrent(journalDir, streamId, version, manifest.hash());

        ctx.stepHook.before(Step.DELETE_OLD);
        CompactedStore.recover(journalDir, streamId);
        return manifest;
    }

    /**
     * The sealed cycles, not dropped, with entries after an engine sequence, in order.
     */
    private List<CycleSeal> sourcesAfter(final long covered)
    {
        final Set<String> dropped = new HashSet<>();
        final List<CycleSeal> seals = new ArrayList<>();
        for (final AuditRecord auditRecord : JournalSeals.readRecords(journalDir))
        {
            if (auditRecord instanceof CycleDrop drop)
            {
                dropped.add(drop.cycleFile());
            }
            else if (auditRecord instanceof CycleSeal seal && seal.lastSequence() > covered)
            {
                seals.add(seal);
            }
        }
        seals.removeIf((seal) -> dropped.contains(seal.cycleFile()) ||
            !new File(journalDir, seal.cycleFile()).isFile());
        return seals;
    }

    @FunctionalInterface
    private interface InputHandler
    {
        void onEntry(DirectBuffer buffer, int offset, int length, boolean isRecordOfStream);
    }

    /**
     * Every entry of the previous version, then of the sources after it, checked when asked: each entry's framing
     * and CRC32C, the version's cycles against its manifest, the sources against their seals. The second read of a
     * run is not checked again: what it reads was checked by the first, and sealed files do not change.
     */
    private void forEachInput(
        final CompactedStore.Version previous,
        final List<CycleSeal> sources,
        final List<CompactionManifest.Cycle> sourceCycles,
        final boolean isChecked,
        final InputHandler handler)
    {
        final long covered = null == previous ? -1 : previous.manifest().covered();
        if (!isChecked)
        {
            if (null != previous)
            {
                for (final File file : JournalScanner.cycleFiles(previous.dir()))
                {
                    read(file, -1, handler);
                }
            }
            for (final CycleSeal seal : sources)
            {
                read(new File(journalDir, seal.cycleFile()), covered, handler);
            }
            return;
        }
        if (null != previous)
        {
            final List<File> files = JournalScanner.cycleFiles(previous.dir());
            final List<CompactionManifest.Cycle> expected = previous.manifest().results();
            if (files.size() != expected.size())
            {
                throw new IllegalStateException("compacted stream " + ctx.streamId + " version " +
                    previous.version() + " holds " + files.size() + " cycles, its manifest " + expected.size());
            }
            for (int i = 0; i < files.size(); i++)
            {
                final CompactionManifest.Cycle cycle = readChecked(files.get(i), -1, handler);
                if (!cycle.cycleFile().equals(expected.get(i).cycleFile()) ||
                    cycle.entries() != expected.get(i).entries() || !MerkleTree.equal(cycle.root(),
                    expected.get(i).root()))
                {
                    throw new IllegalStateException("compacted stream " + ctx.streamId + " version " +
                        previous.version() + ": cycle " + files.get(i).getName() + " does not match its manifest");
                }
            }
        }
        for (final CycleSeal seal : sources)
        {
            final CompactionManifest.Cycle cycle = readChecked(new File(journalDir, seal.cycleFile()), covered,
                handler);
            if (cycle.entries() != seal.entries() || !MerkleTree.equal(cycle.root(), seal.root()))
            {
                throw new IllegalStateException("cycle " + seal.cycleFile() + " does not match its seal: not " +
                    "compacted (see 'streamflow journal verify')");
            }
            if (null != sourceCycles)
            {
                sourceCycles.add(cycle);
            }
        }
    }

    private void read(final File file, final long after, final InputHandler handler)
    {
        JournalScanner.forEachEntry(file, Integer.MAX_VALUE, (buffer, offset, length, isGood) ->
        {
            view.wrap(buffer, offset, length);
            handOver(buffer, offset, length, after, handler);
            return true;
        });
    }

    /**
     * Give the entry the view wraps to the handler when it is after the engine sequence given.
     */
    private void handOver(
        final DirectBuffer buffer, final int offset, final int length, final long after, final InputHandler handler)
    {
        if (view.engineSequence() > after)
        {
            handler.onEntry(buffer, offset, length, view.streamId() == ctx.streamId &&
                JournalEntryLayout.NO_PARTITION != view.partition());
        }
    }

    private CompactionManifest.Cycle readChecked(final File file, final long after, final InputHandler handler)
    {
        final MerkleTree.Builder tree = new MerkleTree.Builder();
        final byte[][] leafCopy = { new byte[256] };
        JournalScanner.forEachEntry(file, Integer.MAX_VALUE, (buffer, offset, length, isGood) ->
        {
            tree.add(JournalSeals.leafHash(buffer, offset, length, leafCopy));
            view.wrap(buffer, offset, length);
            final String fault = view.structuralFault();
            if (null != fault || !checksum.matches(buffer, offset, length))
            {
                throw new IllegalStateException(file + ": entry " + tree.leaves() + " is damaged (" +
                    (null == fault ? "checksum" : fault) + "): not compacted");
            }
            handOver(buffer, offset, length, after, handler);
            return true;
        });
        return new CompactionManifest.Cycle(file.getName(), tree.leaves(), tree.root());
    }

    /**
     * @return the Merkle root and entry count of each cycle file in a directory.
     */
    static List<CompactionManifest.Cycle> hashCycles(final File dir)
    {
        final List<CompactionManifest.Cycle> cycles = new ArrayList<>();
        final byte[][] leafCopy = { new byte[256] };
        for (final File file : JournalScanner.cycleFiles(dir))
        {
            final MerkleTree.Builder tree = new MerkleTree.Builder();
            JournalScanner.forEachEntry(file, Integer.MAX_VALUE, (buffer, offset, length, isGood) ->
            {
                tree.add(JournalSeals.leafHash(buffer, offset, length, leafCopy));
                return true;
            });
            cycles.add(new CompactionManifest.Cycle(file.getName(), tree.leaves(), tree.root()));
        }
        return cycles;
    }

    /**
     * @return the key of the record the view wraps, null when it has none.
     */
    private Key keyOf(final DirectBuffer buffer)
    {
        final int messageOffset = view.messageOffset();
        header.wrap(buffer, messageOffset);
        record.wrap(buffer, messageOffset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
        final int keyLength = record.keyLength();
        if (0 == keyLength)
        {
            return null;
        }
        final byte[] key = new byte[keyLength];
        record.getKey(key, 0, keyLength);
        return new Key(view.partition(), key);
    }

    /**
     * @return whether the record {@link #keyOf} last read is a tombstone: its payload is empty.
     */
    private boolean isTombstone()
    {
        return 0 == record.payloadLength();
    }

    private record Newest(long sequence, boolean isTombstone, long timestampNs)
    {
    }

    /**
     * A key of a partition, compared by its bytes.
     */
    private static final class Key implements Comparable<Key>
    {
        private final int partition;
        private final byte[] bytes;
        private final int hash;

        Key(final int partition, final byte[] bytes)
        {
            this.partition = partition;
            this.bytes = bytes;
            this.hash = 31 * partition + Arrays.hashCode(bytes);
        }

        public boolean equals(final Object other)
        {
            return other instanceof Key key && key.partition == partition && Arrays.equals(key.bytes, bytes);
        }

        public int hashCode()
        {
            return hash;
        }

        public int compareTo(final Key other)
        {
            final int byPartition = Integer.compare(partition, other.partition);
            return 0 != byPartition ? byPartition : Arrays.compareUnsigned(bytes, other.bytes);
        }
    }

    /**
     * Chronicle's clock for the result: each record goes to the cycle of its append time.
     */
    private static final class EntryClock implements net.openhft.chronicle.core.time.TimeProvider
    {
        private long timestampNs;

        void at(final long timestampNs)
        {
            this.timestampNs = timestampNs;
        }

        public long currentTimeMillis()
        {
            return TimeUnit.NANOSECONDS.toMillis(timestampNs);
        }

        public long currentTimeMicros()
        {
            return TimeUnit.NANOSECONDS.toMicros(timestampNs);
        }

        public long currentTimeNanos()
        {
            return timestampNs;
        }
    }
}
