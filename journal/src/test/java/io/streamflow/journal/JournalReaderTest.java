package io.streamflow.journal;

import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

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
