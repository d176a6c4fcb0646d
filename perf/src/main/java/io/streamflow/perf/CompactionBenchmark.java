package io.streamflow.perf;

import io.streamflow.journal.CompactedStore;
import io.streamflow.journal.CompactionManifest;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalSealer;
import io.streamflow.journal.JournalWriter;
import io.streamflow.journal.StreamCompactor;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.RecordEncoder;
import io.streamflow.sbe.journal.JournalEntryDecoder;
import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One compaction of a keyed stream from nothing, as {@code node --compact} runs it when cycles are sealed: a million
 * records of 8 partitions over 10,000 keys (an 8 B key, a 64 B payload, 168 B entries) in sealed one-second cycles,
 * read twice (newest per key, then what is kept), checked against their seals, the kept 10,000 written to a new
 * version with its manifest, synced, and made current. One operation is one whole compaction; records per second is
 * a million over the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CompactionBenchmark
{
    private static final int ENTRIES = 1_000_000;
    private static final int PARTITIONS = 8;
    private static final int KEYS = 10_000;
    private static final int KEY_OFFSET = JournalEntryLayout.MESSAGE_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH +
        RecordEncoder.BLOCK_LENGTH + RecordEncoder.keyHeaderLength();

    private File dir;
    private File journalDir;

    /**
     * Write the journal in one-second cycles and seal all but the last.
     *
     * @throws Exception if the temporary directory cannot be made.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        dir = Files.createTempDirectory("streamflow-jmh-compaction").toFile();
        journalDir = new File(dir, "journal");
        final UnsafeBuffer entry = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
        final int length = BenchEntries.encodeRecord(entry);
        try (Journal journal = Journal.open(journalDir, Journal.rollCycle("TEST_SECONDLY"));
            JournalWriter writer = journal.newWriter())
        {
            for (long sequence = 0; sequence < ENTRIES; sequence++)
            {
                BenchEntries.placeInPartition(entry, sequence, PARTITIONS);
                entry.putLong(KEY_OFFSET, sequence % KEYS, JournalEntryDecoder.BYTE_ORDER);
                writer.append(entry, 0, length);
            }
            // One more entry in a later second: every cycle before it is complete, and sealed below.
            final long second = System.currentTimeMillis() / 1000;
            while (System.currentTimeMillis() / 1000 == second)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            BenchEntries.placeInPartition(entry, ENTRIES, PARTITIONS);
            writer.append(entry, 0, length);
        }
        if (new JournalSealer(journalDir).sealCompleted() < 1)
        {
            throw new IllegalStateException("no cycle sealed");
        }
    }

    /**
     * Start each compaction from nothing: no version yet.
     */
    @Setup(Level.Invocation)
    public void clearVersions()
    {
        IoUtil.delete(CompactedStore.streamDir(journalDir, 1), true);
    }

    /**
     * Delete the journal.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        IoUtil.delete(dir, true);
    }

    /**
     * @return keys kept, so the work is not dead code.
     */
    @Benchmark
    public long compactMillionRecords()
    {
        final CompactionManifest manifest = new StreamCompactor(journalDir, new StreamCompactor.Context()
            .streamId(1).rollCycle(Journal.rollCycle("TEST_SECONDLY"))).compact();
        if (null == manifest || KEYS != manifest.keysKept() || ENTRIES > manifest.recordsRead())
        {
            throw new IllegalStateException("compaction kept " + (null == manifest ? "nothing" :
                manifest.keysKept() + " keys of " + manifest.recordsRead() + " records"));
        }
        return manifest.keysKept();
    }
}
