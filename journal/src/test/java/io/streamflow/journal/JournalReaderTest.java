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

import static io.streamflow.sbe.journal.JournalEntryDecoder.BYTE_ORDER;
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
    void seekOffsetFindsAPartitionsRecordByABinarySearchNotAScan()
    {
        // 20,000 entries: stream 1's four partitions at random, stream 2's records and commands between them.
        final java.util.Random random = new java.util.Random(42);
        final LongArrayList[] sequencesByOffset = new LongArrayList[4];
        for (int partition = 0; partition < 4; partition++)
        {
            sequencesByOffset[partition] = new LongArrayList();
        }
        final int entries = 20_000;
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            try (JournalWriter writer = journal.newWriter())
            {
                long stream2Offset = 0;
                for (int sequence = 0; sequence < entries; sequence++)
                {
                    final int kind = random.nextInt(6);
                    if (kind < 4)
                    {
                        append(writer, sequence, 1, kind, sequencesByOffset[kind].size());
                        sequencesByOffset[kind].addLong(sequence);
                    }
                    else if (4 == kind)
                    {
                        append(writer, sequence, 2, 0, stream2Offset++);
                    }
                    else
                    {
                        append(writer, sequence, 0, JournalEntryLayout.NO_PARTITION, JournalEntryLayout.NO_PARTITION);
                    }
                }
            }

            try (JournalReader reader = journal.newReader())
            {
                for (int partition = 0; partition < 4; partition++)
                {
                    final LongArrayList sequences = sequencesByOffset[partition];
                    final int size = sequences.size();
                    for (final int offset : new int[]{ 0, 1, 17, size / 3, size / 2, size - 2, size - 1 })
                    {
                        final long expected = sequences.getLong(offset);
                        final long probedBefore = reader.entriesProbed();
                        assertEquals(expected, reader.seekOffset(1, partition, offset),
                            "partition " + partition + " offset " + offset);
                        assertTrue(reader.entriesProbed() - probedBefore < 300,
                            "a search, not a scan: " + (reader.entriesProbed() - probedBefore) + " entries read");
                        assertEquals(expected, nextSequence(reader), "the reader is at the record");
                    }
                    assertEquals(entries, reader.seekOffset(1, partition, size), "past the partition's end");
                    assertEquals(-1, nextSequence(reader), "at the end, to read what comes next");
                }
                assertEquals(0, reader.seekOffset(3, 0, 0),
                    "a stream with no record: no probe finds one, and the search stops where it began");

                assertEquals(entries, reader.seekOffset(1, 2, sequencesByOffset[2].size()));
                final TestEntries more = new TestEntries();
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
                try (JournalWriter writer = journal.newWriter())
                {
                    final int length = more.encode(buffer, entries, 1_000 + entries, 7, entries, "next");
                    putPartition(buffer, 1, 2, sequencesByOffset[2].size());
                    assertTrue(writer.append(buffer, 0, length));
                }
                assertEquals(entries, nextSequence(reader), "a reader waiting past the end reads the next record");
            }
        }
    }

    @Test
    void seekOffsetOfARarePartitionStopsBeforeItsRecordAndLosesNothing()
    {
        // Partition 1 has one record in 5,000 entries: too rare for a probe, so the search stops early.
        final LongArrayList rare = new LongArrayList();
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            try (JournalWriter writer = journal.newWriter())
            {
                long common = 0;
                for (int sequence = 0; sequence < 30_000; sequence++)
                {
                    if (sequence % 5_000 == 2_500)
                    {
                        append(writer, sequence, 1, 1, rare.size());
                        rare.addLong(sequence);
                    }
                    else
                    {
                        append(writer, sequence, 1, 0, common++);
                    }
                }
            }
            try (JournalReader reader = journal.newReader())
            {
                for (int offset = 0; offset < rare.size(); offset++)
                {
                    final long at = reader.seekOffset(1, 1, offset);
                    assertTrue(at <= rare.getLong(offset), "never after the record: " + at);
                    final JournalEntryView view = new JournalEntryView();
                    final long[] first = { -1 };
                    while (first[0] < 0 && reader.poll((buffer, o, length, index) ->
                    {
                        view.wrap(buffer, o, length);
                        if (first[0] < 0 && 1 == view.partition() && view.partitionOffset() >= 0)
                        {
                            first[0] = view.partitionOffset();
                        }
                    }, 256) > 0)
                    {
                        continue;
                    }
                    assertEquals(offset, first[0], "the first record of the partition read is the one sought");
                }
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

    private static final TestEntries PARTITIONED = new TestEntries();

    private static void append(
        final JournalWriter writer, final long sequence, final int streamId, final int partition, final long offset)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final int length = PARTITIONED.encode(buffer, sequence, 1_000 + sequence, 7, sequence, "p");
        putPartition(buffer, streamId, partition, offset);
        assertTrue(writer.append(buffer, 0, length));
    }

    private static void putPartition(
        final UnsafeBuffer entry, final int streamId, final int partition, final long offset)
    {
        entry.putInt(JournalEntryLayout.STREAM_ID_OFFSET, streamId, BYTE_ORDER);
        entry.putInt(JournalEntryLayout.PARTITION_OFFSET, partition, BYTE_ORDER);
        entry.putLong(JournalEntryLayout.PARTITION_OFFSET_OFFSET, offset, BYTE_ORDER);
    }

    private static long nextSequence(final JournalReader reader)
    {
        final long[] next = { -1 };
        reader.poll((buffer, offset, length, index) -> next[0] = sequenceOf(buffer, offset, length), 1);
        return next[0];
    }
}
