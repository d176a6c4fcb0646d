package io.streamflow.perf;

import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryLayout;
import io.streamflow.journal.JournalScanner;
import io.streamflow.journal.JournalWriter;
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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * {@code journal verify} against its floor: the byte-level check of a whole journal ({@code verify}, what the tool
 * and a node's recovery run) next to a bare sequential read of the same cycle files with a CRC32C over every byte
 * ({@code sequentialRead}), the least any check of the data must do. Both read from the page cache, so the ratio is
 * the check's own cost; on a device slower than the check, both run at the device's speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalVerifyBenchmark
{
    private static final int ENTRIES = 1_000_000;

    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 20);
    private final CRC32C crc = new CRC32C();
    private File dir;
    private File journalDir;

    /**
     * Write the journal once: a million 64 B records, closed cleanly.
     *
     * @throws IOException if the temporary directory cannot be made.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("streamflow-jmh-verify").toFile();
        journalDir = new File(dir, "journal");
        final UnsafeBuffer entry = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
        final int length = BenchEntries.encodeRecord(entry);
        try (Journal journal = Journal.open(journalDir, Journal.DEFAULT_ROLL_CYCLE);
            JournalWriter writer = journal.newWriter())
        {
            for (long sequence = 0; sequence < ENTRIES; sequence++)
            {
                entry.putLong(JournalEntryLayout.ENGINE_SEQUENCE_OFFSET, sequence);
                writer.append(entry, 0, length);
            }
        }
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
     * @return entries verified.
     */
    @Benchmark
    public long verify()
    {
        final JournalScanner.Result result = JournalScanner.scan(journalDir, null, false);
        if (null != result.fault() || ENTRIES != result.entries())
        {
            throw new IllegalStateException("the journal did not verify: " + result.fault());
        }
        return result.entries();
    }

    /**
     * @return the CRC32C of every byte of the cycle files.
     * @throws IOException if a file cannot be read.
     */
    @Benchmark
    public long sequentialRead() throws IOException
    {
        crc.reset();
        for (final File file : JournalScanner.cycleFiles(journalDir))
        {
            try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ))
            {
                while (channel.read(readBuffer.clear()) > 0)
                {
                    crc.update(readBuffer.flip());
                }
            }
        }
        return crc.getValue();
    }
}
