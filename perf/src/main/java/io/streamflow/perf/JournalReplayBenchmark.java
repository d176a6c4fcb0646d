package io.streamflow.perf;

import io.streamflow.journal.ColdTier;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalChecksum;
import io.streamflow.journal.JournalEntryHandler;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.journal.JournalScanner;
import io.streamflow.journal.JournalWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * Replay from a warm page cache, as a consumer catching up reads the journal (the log server's history before it
 * goes live), against its floor: a bare Chronicle tailer over a queue of the same bytes that reads each entry's
 * engine sequence ({@code chronicleReplay}); the journal's reader with each entry's partition and offset decoded
 * ({@code journalReplay}); and the same with each entry's framing and CRC32C checked too, as the log server checks
 * every entry it serves a consumer ({@code journalReplayChecked}); and that again from the cycle compressed as the
 * cold tier holds it, decompressed as it is read ({@code coldReplayChecked}). One
 * operation is one entry, so the score is entries per second. The entries: a million records of 8 partitions, an
 * 8 B key and a 64 B payload each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalReplayBenchmark
{
    private static final int ENTRIES = 1_000_000;
    private static final int PARTITIONS = 8;
    private static final int BATCH = 256;

    private final JournalEntryView view = new JournalEntryView();
    private final JournalChecksum checksum = new JournalChecksum();
    private final JournalEntryHandler decode = this::onEntry;
    private final JournalEntryHandler decodeAndCheck = this::onEntryChecked;
    private File dir;
    private File coldFile;
    private Journal journal;
    private SingleChronicleQueue bareQueue;
    private long offsetSum;
    private int checksumFaults;

    /**
     * Write the journal and the bare queue once, the same bytes in each.
     *
     * @throws Exception if the temporary directory cannot be made.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        dir = Files.createTempDirectory("streamflow-jmh-replay").toFile();
        final File journalDir = new File(dir, "journal");
        final UnsafeBuffer entry = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
        final int length = BenchEntries.encodeRecord(entry);
        try (Journal writing = Journal.open(journalDir, Journal.DEFAULT_ROLL_CYCLE);
            JournalWriter writer = writing.newWriter();
            SingleChronicleQueue bare = SingleChronicleQueueBuilder.binary(new File(dir, "bare"))
                .rollCycle(Journal.DEFAULT_ROLL_CYCLE).build();
            ExcerptAppender appender = bare.createAppender())
        {
            for (long sequence = 0; sequence < ENTRIES; sequence++)
            {
                BenchEntries.placeInPartition(entry, sequence, PARTITIONS);
                if (!writer.append(entry, 0, length))
                {
                    throw new IllegalStateException("append refused at " + sequence);
                }
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().unsafeWrite(entry.addressOffset(), length);
                }
            }
        }
        journal = Journal.openReadOnly(journalDir);
        coldFile = new File(dir, "cold.cq4.zst");
        final File cycle = JournalScanner.cycleFiles(journalDir).get(0);
        final long startNs = System.nanoTime();
        ColdTier.compress(cycle, coldFile);
        System.out.printf("cold tier: %,d entries of %d B, cycle file %,d B long; compressed %,d B in %d ms%n",
            ENTRIES, length, cycle.length(), coldFile.length(), (System.nanoTime() - startNs) / 1_000_000);
        bareQueue = SingleChronicleQueueBuilder.binary(new File(dir, "bare")).rollCycle(Journal.DEFAULT_ROLL_CYCLE)
            .readOnly(true).build();
    }

    /**
     * Close and delete both.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        CloseHelper.closeAll(journal, bareQueue);
        IoUtil.delete(dir, true);
        if (0 != checksumFaults)
        {
            throw new IllegalStateException(checksumFaults + " entries failed their check");
        }
    }

    /**
     * @return sum of the engine sequences read, so the reading is not dead code.
     */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public long chronicleReplay()
    {
        long sum = 0;
        int read = 0;
        try (ExcerptTailer tailer = bareQueue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    sum += bytes.readLong(bytes.readPosition() + JournalEntryLayout.ENGINE_SEQUENCE_OFFSET);
                    read++;
                }
            }
        }
        return expect(read, sum);
    }

    /**
     * @return sum of the partition offsets read.
     */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public long journalReplay()
    {
        return replay(decode);
    }

    /**
     * @return sum of the partition offsets read.
     */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public long journalReplayChecked()
    {
        return replay(decodeAndCheck);
    }

    /**
     * @return sum of the partition offsets read, from the same cycle compressed as the cold tier holds it, checked as
     * the log server checks what it serves.
     */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public long coldReplayChecked()
    {
        offsetSum = 0;
        return expect((int)ColdTier.read(coldFile, decodeAndCheck), offsetSum);
    }

    private long replay(final JournalEntryHandler handler)
    {
        offsetSum = 0;
        int read = 0;
        try (JournalReader reader = journal.newReader())
        {
            int count;
            while ((count = reader.poll(handler, BATCH)) > 0)
            {
                read += count;
            }
        }
        return expect(read, offsetSum);
    }

    private void onEntry(final DirectBuffer buffer, final int offset, final int length, final long index)
    {
        view.wrap(buffer, offset, length);
        offsetSum += view.partition() + view.partitionOffset();
    }

    private void onEntryChecked(final DirectBuffer buffer, final int offset, final int length, final long index)
    {
        view.wrap(buffer, offset, length);
        if (null != view.structuralFault() || !checksum.matches(buffer, offset, length))
        {
            checksumFaults++;
        }
        offsetSum += view.partition() + view.partitionOffset();
    }

    private static long expect(final int read, final long sum)
    {
        if (ENTRIES != read)
        {
            throw new IllegalStateException("read " + read + " entries of " + ENTRIES);
        }
        return sum;
    }
}
