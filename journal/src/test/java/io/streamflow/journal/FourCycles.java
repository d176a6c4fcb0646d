package io.streamflow.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal of four one-second cycles, by a clock of the test's: three of {@link #PER_CYCLE} entries, then ten in
 * the cycle still written; entry n has payload {@code payload-%06d} and timestamp 1,000 + n.
 */
final class FourCycles
{
    static final int PER_CYCLE = 150;

    private FourCycles()
    {
    }

    /**
     * @return the cycle files, oldest first.
     */
    static List<File> write(final File dir, final TestEntries entries)
    {
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-12-02T10:00:00Z"));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (Journal journal = Journal.open(dir, TestRollCycles.TEST_SECONDLY, clock);
            JournalWriter writer = journal.newWriter())
        {
            long sequence = 0;
            for (int cycle = 0; cycle < 4; cycle++)
            {
                for (int i = 0; i < (cycle < 3 ? PER_CYCLE : 10); i++, sequence++)
                {
                    final int length = entries.encode(buffer, sequence, 1_000 + sequence, 7, sequence,
                        String.format("payload-%06d", sequence));
                    assertTrue(writer.append(buffer, 0, length));
                }
                clock.advanceMillis(1_000);
            }
        }
        final List<File> cycles = JournalScanner.cycleFiles(dir);
        assertEquals(4, cycles.size(), "one file per second: " + cycles);
        return cycles;
    }
}
