package io.streamflow.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What keeps the writer's page faults short: the kernel's read-ahead is off on every chunk of a cycle file the writer
 * maps (Linux marks such a mapping {@code rr} in {@code /proc/self/smaps}), and an idle writer faults in the page the
 * next append writes. Neither changes what the journal holds.
 */
class JournalPageFaultTest
{
    @TempDir
    File dir;

    @Test
    void theWritersMappingOfEachCycleFileHasReadAheadOff() throws IOException
    {
        assumeTrue(new File("/proc/self/smaps").canRead(), "Linux only");
        final TestEntries entries = new TestEntries();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE);
            JournalWriter writer = journal.newWriter())
        {
            assertTrue(writer.append(buffer, 0, entries.encode(buffer, 0, 1_000, 7, 0, "payload")));

            assertEquals(1, writer.chunksWithReadAheadOff());
            final List<String> flags = vmFlagsOfMappingsUnder(dir.toPath());
            assertFalse(flags.isEmpty(), "the cycle file is mapped");
            assertTrue(flags.stream().anyMatch((f) -> f.contains(" rr")),
                "a mapping of the cycle file is advised random access: " + flags);
        }
    }

    @Test
    void everyChunkAfterTheFirstHasReadAheadOffToo() throws IOException
    {
        assumeTrue(new File("/proc/self/smaps").canRead(), "Linux only");
        final TestEntries entries = new TestEntries();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        final String payload = "p".repeat(3_000);
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE, 1 << 20);
            JournalWriter writer = journal.newWriter())
        {
            for (long sequence = 0; sequence < 2_000; sequence++)
            {
                final int length = entries.encode(buffer, sequence, 1_000 + sequence, 7, sequence, payload);
                assertTrue(writer.append(buffer, 0, length));
            }

            assertTrue(writer.chunksWithReadAheadOff() >= 5,
                "6 MB in 1 MB chunks, each advised: " + writer.chunksWithReadAheadOff());
            assertTrue(writer.longestRangeWithReadAheadOff() <= 2 << 20,
                "each advice covers one chunk's mapping (1 MB and its overlap), not the file up to that chunk: " +
                writer.longestRangeWithReadAheadOff());
            final List<String> flags = vmFlagsOfMappingsUnder(dir.toPath());
            assertTrue(flags.stream().filter((f) -> f.contains(" rr")).count() >= 2,
                "the chunks still mapped are advised random access: " + flags);
        }
    }

    @Test
    void anIdleWriterTouchesTheNextPageOnceAndTheJournalIsUnchanged()
    {
        final TestEntries entries = new TestEntries();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            try (JournalWriter writer = journal.newWriter())
            {
                for (long sequence = 0; sequence < 100; sequence++)
                {
                    writer.append(buffer, 0, entries.encode(buffer, sequence, 1_000 + sequence, 7, sequence,
                        "payload-" + sequence));
                    writer.onIdle();
                }
                assertEquals(0, writer.onIdle(), "the next page is touched already");
            }
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(100, result.entries());
        }
    }

    private static List<String> vmFlagsOfMappingsUnder(final Path directory) throws IOException
    {
        final List<String> flags = new ArrayList<>();
        boolean inside = false;
        final String prefix = directory.toRealPath().toString();
        for (final String line : Files.readAllLines(Path.of("/proc/self/smaps")))
        {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*"))
            {
                inside = line.contains(prefix) && line.endsWith(".cq4");
            }
            else if (inside && line.startsWith("VmFlags:"))
            {
                flags.add(line);
            }
        }
        return flags;
    }
}
