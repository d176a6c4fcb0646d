package io.streamflow.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The prefaulter keeps the pages ahead of the writer faulted in (resident in the writer's mapping, which
 * {@code /proc/self/smaps} counts as Rss) wherever the writer's position falls in a page, chunk after chunk, and
 * leaves the journal holding exactly what was appended.
 */
class JournalPrefaulterTest
{
    private static final long PAGE = 4096;

    @TempDir
    File dir;

    private final TestEntries entries = new TestEntries();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private long sequence;

    @Test
    void faultsInTheWholeWindowAheadOfTheWriterEveryTimeItMoves() throws IOException
    {
        assumeTrue(new File("/proc/self/smaps").canRead(), "Linux only");
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE);
            JournalWriter writer = journal.newWriter())
        {
            final JournalPrefaulter prefaulter = writer.prefaulter();
            append(writer, 10, "x".repeat(130));
            final long before = residentBytesOfCycleFiles();
            runUntilIdle(prefaulter);
            final long first = prefaulter.bytesPopulated();
            assertTrue(first >= JournalPrefaulter.AHEAD_BYTES - PAGE, "faulted in " + first);
            assertTrue(residentBytesOfCycleFiles() - before >= JournalPrefaulter.AHEAD_BYTES - PAGE,
                "resident before " + before + ", after " + residentBytesOfCycleFiles());

            // The writer's position now falls mid-page: the window moves on from there, page aligned.
            for (int round = 0; round < 5; round++)
            {
                append(writer, 100, "y".repeat(177));
                runUntilIdle(prefaulter);
            }
            assertEquals(0, prefaulter.refusals(), "every advice taken");
            assertTrue(prefaulter.bytesPopulated() > first, "the window moved: " + prefaulter.bytesPopulated());
        }

        assertJournalHoldsWhatWasAppended();
    }

    @Test
    void followsTheWriterFromChunkToChunk()
    {
        assumeTrue(new File("/proc/self/smaps").canRead(), "Linux only");
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE, 1 << 20);
            JournalWriter writer = journal.newWriter())
        {
            final JournalPrefaulter prefaulter = writer.prefaulter();
            for (int round = 0; round < 2_000; round++)
            {
                append(writer, 1, "z".repeat(3_000));
                prefaulter.doWork();
            }
            assertTrue(writer.chunksWithReadAheadOff() >= 5, "6 MB in 1 MB chunks");
            assertTrue(prefaulter.bytesPopulated() >= 5L << 20, "faulted in " + prefaulter.bytesPopulated());
        }

        assertJournalHoldsWhatWasAppended();
    }

    private void assertJournalHoldsWhatWasAppended()
    {
        try (Journal journal = Journal.openReadOnly(dir))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(sequence, result.entries());
        }
    }

    private void append(final JournalWriter writer, final int count, final String payload)
    {
        for (int i = 0; i < count; i++)
        {
            final int length = entries.encode(buffer, sequence, 1_000 + sequence, 7, sequence, payload);
            assertTrue(writer.append(buffer, 0, length));
            sequence++;
        }
    }

    private static void runUntilIdle(final JournalPrefaulter prefaulter)
    {
        for (int i = 0; i < 1_000 && prefaulter.doWork() > 0; i++)
        {
            continue;
        }
    }

    private long residentBytesOfCycleFiles() throws IOException
    {
        final String prefix = dir.toPath().toRealPath().toString();
        boolean inside = false;
        long kb = 0;
        for (final String line : Files.readAllLines(Path.of("/proc/self/smaps")))
        {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*"))
            {
                inside = line.contains(prefix) && line.endsWith(".cq4");
            }
            else if (inside && line.startsWith("Rss:"))
            {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb * 1024;
    }
}
