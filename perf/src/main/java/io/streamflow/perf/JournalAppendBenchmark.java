package io.streamflow.perf;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalWriter;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
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
 * The journal against its floor: a bare Chronicle Queue append of the same bytes ({@code chronicleAppend}) next to
 * the journal's append, which adds the CRC32C ({@code journalAppend}). Same entry: a 64 B record in its framing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalAppendBenchmark
{
    private final UnsafeBuffer entry = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
    private File dir;
    private Journal journal;
    private JournalWriter writer;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private int entryLength;
    private long sequence;

    /**
     * Open a journal and a bare queue side by side, and encode the entry once.
     *
     * @throws Exception if the temporary directory cannot be made.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        dir = Files.createTempDirectory("streamflow-jmh-journal").toFile();
        journal = Journal.open(new File(dir, "journal"), Journal.DEFAULT_ROLL_CYCLE);
        writer = journal.newWriter();
        queue = SingleChronicleQueueBuilder.binary(new File(dir, "bare")).rollCycle(Journal.DEFAULT_ROLL_CYCLE).build();
        appender = queue.createAppender();

        entryLength = BenchEntries.encodeRecord(entry);
    }

    /**
     * Close both and delete them.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        CloseHelper.closeAll(writer, journal, appender, queue);
        IoUtil.delete(dir, true);
    }

    /**
     * @return the sequence appended.
     */
    @Benchmark
    public long journalAppend()
    {
        entry.putLong(JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, sequence);
        writer.append(entry, 0, entryLength);
        return sequence++;
    }

    /**
     * @return the sequence appended.
     */
    @Benchmark
    public long chronicleAppend()
    {
        entry.putLong(JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, sequence);
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().unsafeWrite(entry.addressOffset(), entryLength);
        }
        return sequence++;
    }
}
