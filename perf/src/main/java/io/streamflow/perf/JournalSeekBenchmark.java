package io.streamflow.perf;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryHandler;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalWriter;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
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


/**
 * Where a follow of one partition from an offset starts reading, in a journal of 2,000,000 records spread over 8
 * partitions: the binary search for the record ({@code seekOffset}) beside what a follow did before it, a seek to
 * engine sequence N (a record at offset N has a sequence of at least N) and a read forward past the other
 * partitions' entries to the record ({@code seekSequenceThenScan}). The record sought: offset 200,000 of partition
 * 7, at engine sequence 1,600,007.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalSeekBenchmark
{
    private static final int ENTRIES = 2_000_000;
    private static final int PARTITIONS = 8;
    private static final int PARTITION = 7;
    private static final long OFFSET = 200_000;
    private static final long SEQUENCE = OFFSET * PARTITIONS + PARTITION;

    private final JournalEntryView view = new JournalEntryView();
    private final JournalEntryHandler untilTheRecord = this::onEntry;
    private File dir;
    private Journal journal;
    private JournalReader reader;
    private boolean found;
    private long foundSequence;

    /**
     * Write the journal once.
     *
     * @throws Exception if the temporary directory cannot be made.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        dir = Files.createTempDirectory("streamflow-jmh-seek").toFile();
        final File journalDir = new File(dir, "journal");
        final UnsafeBuffer entry = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
        final int length = BenchEntries.encodeRecord(entry);
        try (Journal writing = Journal.open(journalDir, Journal.DEFAULT_ROLL_CYCLE);
            JournalWriter writer = writing.newWriter())
        {
            for (long sequence = 0; sequence < ENTRIES; sequence++)
            {
                BenchEntries.placeInPartition(entry, sequence, PARTITIONS);
                writer.append(entry, 0, length);
            }
        }
        journal = Journal.openReadOnly(journalDir);
        reader = journal.newReader();
    }

    /**
     * Close and delete the journal.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        CloseHelper.closeAll(reader, journal);
        IoUtil.delete(dir, true);
    }

    /**
     * @return the sequence positioned at.
     */
    @Benchmark
    public long seekOffset()
    {
        return expect(reader.seekOffset(1, PARTITION, OFFSET));
    }

    /**
     * @return the sequence of the record reached.
     */
    @Benchmark
    public long seekSequenceThenScan()
    {
        reader.seek(OFFSET);
        found = false;
        while (!found && reader.poll(untilTheRecord, 256) > 0)
        {
            continue;
        }
        return expect(foundSequence);
    }

    private void onEntry(final DirectBuffer buffer, final int offset, final int length, final long index)
    {
        if (!found)
        {
            view.wrap(buffer, offset, length);
            if (PARTITION == view.partition() && view.partitionOffset() >= OFFSET)
            {
                found = true;
                foundSequence = view.engineSequence();
            }
        }
    }

    private static long expect(final long sequence)
    {
        if (SEQUENCE != sequence)
        {
            throw new IllegalStateException("reached " + sequence + ", not " + SEQUENCE);
        }
        return sequence;
    }
}
