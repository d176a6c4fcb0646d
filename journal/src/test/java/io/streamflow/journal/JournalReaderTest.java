package io.streamflow.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalReaderTest
{
    @TempDir
    File dir;

    @Test
    void readsEveryEntryInOrderWithItsBytes()
    {
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            TestEntries.appendRecords(journal, 0, 1000);
            final LongArrayList sequences = readAll(journal, -1);

            assertEquals(1000, sequences.size());
            for (int i = 0; i < 1000; i++)
            {
                assertEquals(i, sequences.getLong(i));
            }
        }
    }

    @Test
    void seekPositionsAtTheEntryWithThatSequence()
    {
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            TestEntries.appendRecords(journal, 100, 500);

            assertEquals(100, readAll(journal, 0).getLong(0), "before the first entry: from the first");
            assertEquals(100, readAll(journal, 100).getLong(0));
            assertEquals(350, readAll(journal, 350).getLong(0));
            assertEquals(1, readAll(journal, 599).size());
            assertEquals(599, readAll(journal, 599).getLong(0));
            assertEquals(0, readAll(journal, 600).size(), "past the end: nothing yet");

            try (JournalReader reader = journal.newReader())
            {
                assertFalse(reader.seek(600));
                TestEntries.appendRecords(journal, 600, 1);
                final LongArrayList live = new LongArrayList();
                reader.poll((buffer, offset, length, index) -> live.add(sequenceOf(buffer, offset, length)), 10);
                assertEquals(1, live.size(), "a reader waiting at the end sees the next append");
                assertEquals(600, live.getLong(0));
            }
        }
    }

    @Test
    void seekOnEmptyJournalWaitsAtTheStart()
    {
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE);
            JournalReader reader = journal.newReader())
        {
            assertFalse(reader.seek(0));
            TestEntries.appendRecords(journal, 0, 3);
            final LongArrayList seen = new LongArrayList();
            reader.poll((buffer, offset, length, index) -> seen.add(sequenceOf(buffer, offset, length)), 10);
            assertEquals(3, seen.size());
            assertEquals(0, seen.getLong(0));
        }
    }

    @Test
    void seekTimeFindsTheFirstEntryStampedAtOrAfterATimeAcrossCycles()
    {
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-12-03T10:00:00Z"));
        final TestEntries entries = new TestEntries();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final LongArrayList stamps = new LongArrayList();
        try (Journal journal = Journal.open(dir, TestRollCycles.TEST_SECONDLY, clock))
        {
            try (JournalWriter writer = journal.newWriter())
            {
                for (int sequence = 0; sequence < 460; sequence++)
                {
                    final long stamp = 1_000 + 10L * (sequence / 3);
                    assertTrue(writer.append(buffer, 0, entries.encode(buffer, sequence, stamp, 7, sequence, "p")));
                    stamps.add(stamp);
                    if (sequence % 150 == 149)
                    {
                        clock.advanceMillis(1_000);
                    }
                }
            }
            assertEquals(4, JournalScanner.cycleFiles(dir).size());

            try (JournalReader reader = journal.newReader())
            {
                final long last = stamps.getLong(stamps.size() - 1);
                for (final long time : new long[]{ 0, 999, 1_000, 1_001, 1_010, 1_015, 1_500, 1_505, last - 1, last })
                {
                    long expected = -1;
                    for (int sequence = 0; sequence < stamps.size() && expected < 0; sequence++)
                    {
                        expected = stamps.getLong(sequence) >= time ? sequence : -1;
                    }
                    assertEquals(expected, reader.seekTime(time), "first entry at or after " + time);
                    final LongArrayList next = new LongArrayList();
                    reader.poll((b, offset, length, index) -> next.add(sequenceOf(b, offset, length)), 1);
                    assertEquals(expected, next.getLong(0), "the reader is there");
                }

                assertEquals(-1, reader.seekTime(last + 1), "every entry is older");
                assertEquals(0, reader.poll((b, offset, length, index) -> { }, 1), "at the end");
            }
        }
    }

    @Test
    void seekTimeOnEmptyJournalFindsNothing()
    {
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE);
            JournalReader reader = journal.newReader())
        {
            assertEquals(-1, reader.seekTime(0));
        }
    }

    @Test
    void readOnlyOpenOfAMissingJournalSaysSo()
    {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Journal.openReadOnly(new File(dir, "nothing-here")));
        assertTrue(ex.getMessage().contains("no journal"));
    }

    static LongArrayList readAll(final Journal journal, final long fromSequence)
    {
        final LongArrayList sequences = new LongArrayList();
        try (JournalReader reader = journal.newReader())
        {
            if (fromSequence >= 0)
            {
                reader.seek(fromSequence);
            }
            while (reader.poll((buffer, offset, length, index) ->
                sequences.add(sequenceOf(buffer, offset, length)), 100) > 0)
            {
                continue;
            }
        }
        return sequences;
    }

    static long sequenceOf(final DirectBuffer buffer, final int offset, final int length)
    {
        final JournalEntryView view = new JournalEntryView().wrap(buffer, offset, length);
        assertEquals(null, view.structuralFault());
        return view.engineSequence();
    }
}
