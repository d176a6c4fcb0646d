package io.streamflow.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The output log gives each output stream contiguous offsets, numbers a command's outputs from 0, and passes over an
 * output it holds already, across a reopen: what recovery logs again of the commands it replays is neither lost nor
 * doubled.
 */
class OutputLogTest
{
    @TempDir
    File dir;

    /** One entry as read back. */
    record Logged(int stream, long engineSequence, int ordinal, long offset, String message)
    {
    }

    @Test
    void offsetsPerStreamOrdinalsPerCommandAndNoOutputTwice()
    {
        try (OutputLog log = OutputLog.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            assertTrue(append(log, 2100, 0, "a"));
            assertTrue(append(log, 1003, 0, "b"));
            assertTrue(append(log, 2100, 1, "c"));
            assertEquals(1, log.lastEngineSequence());
            assertEquals(2, log.nextOffset(2100));
            assertEquals(1, log.nextOffset(1003));
        }

        try (OutputLog log = OutputLog.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            assertEquals(1, log.lastEngineSequence(), "where it stood, read back at open");
            assertEquals(2, log.nextOffset(2100));
            assertFalse(append(log, 2100, 0, "a"), "command 0's first output again: logged before");
            assertFalse(append(log, 1003, 0, "b"), "its second");
            assertFalse(append(log, 2100, 1, "c"), "command 1's first");
            assertTrue(append(log, 1003, 1, "d"), "command 1's second output was not logged yet");
            assertTrue(append(log, 2100, 2, "e"));
        }

        assertEquals(List.of(
            new Logged(2100, 0, 0, 0, "a"),
            new Logged(1003, 0, 1, 0, "b"),
            new Logged(2100, 1, 0, 1, "c"),
            new Logged(1003, 1, 1, 1, "d"),
            new Logged(2100, 2, 0, 2, "e")), readAll());
    }

    @Test
    void retentionDropsOldCyclesAndTheOffsetsGoOnAcrossAReopen()
    {
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-12-04T10:00:00Z"));
        try (OutputLog log = OutputLog.open(dir, TestRollCycles.TEST_SECONDLY, clock, null))
        {
            assertTrue(append(log, 2100, 0, "a"));
            assertTrue(append(log, 1003, 0, "b"));
            assertTrue(append(log, 2100, 1, "c"));
            clock.advanceMillis(1_000);
            assertTrue(append(log, 2100, 2, "d"));
            clock.advanceMillis(1_000);
            assertTrue(append(log, 2100, 3, "e"));
        }
        final List<File> cycles = JournalScanner.cycleFiles(dir);
        assertEquals(3, cycles.size(), cycles.toString());

        final RetentionPolicy oneHour = new RetentionPolicy(TimeUnit.HOURS.toNanos(1), 0, false);
        assertEquals(List.of(), OutputLogRetention.apply(dir, oneHour, 0), "nothing is an hour old at time 0");
        final long aDay = TimeUnit.DAYS.toNanos(1);
        assertEquals(List.of(cycles.get(0).getName(), cycles.get(1).getName()),
            OutputLogRetention.apply(dir, oneHour, aDay), "every cycle but the writer's");
        assertEquals(List.of(cycles.get(2)), JournalScanner.cycleFiles(dir));
        assertEquals(List.of(new Logged(2100, 3, 0, 3, "e")), readAll(), "a reader starts at what is kept");

        try (OutputLog log = OutputLog.open(dir, TestRollCycles.TEST_SECONDLY, clock, null))
        {
            assertEquals(4, log.nextOffset(2100));
            assertEquals(1, log.nextOffset(1003), "a stream whose outputs were all dropped goes on from its offset");
            assertEquals(3, log.lastEngineSequence());
            assertFalse(append(log, 2100, 2, "d"), "an output of a dropped cycle is still known as logged");
            assertTrue(append(log, 1003, 4, "f"));
        }
        assertEquals(List.of(new Logged(2100, 3, 0, 3, "e"), new Logged(1003, 4, 0, 1, "f")), readAll());

        assertEquals(List.of(), OutputLogRetention.apply(dir, oneHour, aDay), "never the writer's cycle");
        final RetentionPolicy tiny = new RetentionPolicy(0, 1, false);
        assertEquals(List.of(), OutputLogRetention.apply(dir, tiny, aDay), "by size neither");
    }

    @Test
    void atOpenOnlyTheNewestCyclesHoldingEachStreamsLastOutputAreRead()
    {
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-12-04T10:00:00Z"));
        try (OutputLog log = OutputLog.open(dir, TestRollCycles.TEST_SECONDLY, clock, null))
        {
            assertTrue(append(log, 1003, 0, "b"));
            assertTrue(append(log, 2100, 0, "a"));
            clock.advanceMillis(1_000);
            assertTrue(append(log, 2100, 1, "c"));
            clock.advanceMillis(1_000);
            assertTrue(append(log, 2100, 2, "d"));
        }
        assertEquals(3, JournalScanner.cycleFiles(dir).size());

        try (OutputLog log = OutputLog.open(dir, TestRollCycles.TEST_SECONDLY, clock, new int[]{ 2100 }))
        {
            assertEquals(1, log.cyclesReadAtOpen(), "stream 2100's last output is in the newest cycle");
            assertEquals(3, log.nextOffset(2100));
            assertEquals(2, log.lastEngineSequence());
        }
        try (OutputLog log = OutputLog.open(dir, TestRollCycles.TEST_SECONDLY, clock, new int[]{ 2100, 1003 }))
        {
            assertEquals(3, log.cyclesReadAtOpen(), "back to the oldest, for stream 1003's");
            assertEquals(1, log.nextOffset(1003));
            assertEquals(3, log.nextOffset(2100));
        }
        try (OutputLog log = OutputLog.open(dir, TestRollCycles.TEST_SECONDLY, clock, new int[]{ 2100, 77 }))
        {
            assertEquals(3, log.cyclesReadAtOpen(), "a stream never logged: every cycle");
            assertEquals(0, log.nextOffset(77));
            assertTrue(append(log, 77, 3, "e"));
            assertFalse(append(log, 2100, 2, "d"), "logged before");
        }
        assertEquals(List.of(
            new Logged(1003, 0, 0, 0, "b"),
            new Logged(2100, 0, 1, 0, "a"),
            new Logged(2100, 1, 0, 1, "c"),
            new Logged(2100, 2, 0, 2, "d"),
            new Logged(77, 3, 0, 0, "e")), readAll());
    }

    private static boolean append(final OutputLog log, final int stream, final long engineSequence, final String text)
    {
        final UnsafeBuffer message = new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
        return log.append(stream, engineSequence, 1_000 + engineSequence, message, 0, message.capacity());
    }

    private List<Logged> readAll()
    {
        final List<Logged> logged = new ArrayList<>();
        final JournalEntryView view = new JournalEntryView();
        final JournalChecksum checksum = new JournalChecksum();
        try (Journal journal = Journal.openReadOnly(dir); JournalReader reader = journal.newReader())
        {
            while (reader.poll((buffer, offset, length, index) ->
            {
                view.wrap(buffer, offset, length);
                assertTrue(checksum.matches(buffer, offset, length), "every entry's CRC32C");
                assertEquals(1_000 + view.engineSequence(), view.timestampNs());
                final byte[] bytes = new byte[view.messageLength()];
                buffer.getBytes(view.messageOffset(), bytes);
                logged.add(new Logged(view.streamId(), view.engineSequence(), view.partition(), view.partitionOffset(),
                    new String(bytes, StandardCharsets.US_ASCII)));
            }, 64) > 0)
            {
                continue;
            }
        }
        return logged;
    }
}
