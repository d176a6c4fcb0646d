package io.streamflow.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer is idempotent by engine sequence: an entry the journal already holds is not appended again, by this
 * writer or by a new one on the same journal, so a retried append never writes an entry twice. A writer opened to
 * sync records an entry in its mark only once it is synced.
 */
class JournalWriterTest
{
    @TempDir
    File dir;

    @Test
    void anEntryAlreadyInTheJournalIsNotAppendedAgain()
    {
        final TestEntries entries = new TestEntries();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            assertEquals(-1, journal.lastEngineSequence(), "empty");
            try (JournalWriter writer = journal.newWriter())
            {
                for (long sequence = 0; sequence < 5; sequence++)
                {
                    assertTrue(writer.append(buffer, 0, entries.encode(buffer, sequence, 1_000 + sequence, 7,
                        sequence, "payload-" + sequence)));
                }
                assertFalse(writer.append(buffer, 0, entries.encode(buffer, 3, 1_003, 7, 3, "payload-3")),
                    "a retry of an entry already appended");
                assertEquals(4, writer.lastSequence());
            }

            try (JournalWriter writer = journal.newWriter())
            {
                assertEquals(4, writer.lastSequence(), "a new writer reads where the journal ends");
                assertFalse(writer.append(buffer, 0, entries.encode(buffer, 4, 1_004, 7, 4, "payload-4")));
                assertTrue(writer.append(buffer, 0, entries.encode(buffer, 5, 1_005, 7, 5, "payload-5")));
            }

            assertEquals(5, journal.lastEngineSequence());
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(6, result.entries(), "each sequence once");
        }
    }

    @Test
    void aSyncingWriterMarksAnEntryOnlyOnceItIsSynced()
    {
        final TestEntries entries = new TestEntries();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            try (JournalWriter writer = journal.newWriter(true))
            {
                for (long sequence = 0; sequence < 5; sequence++)
                {
                    writer.append(buffer, 0, entries.encode(buffer, sequence, 1_000 + sequence, 7, sequence, "p"));
                }
                assertEquals(-1, JournalMark.read(dir).lastSequence(), "appended, not yet synced");
                writer.sync();
                assertEquals(4, JournalMark.read(dir).lastSequence(), "synced");
                writer.sync();
                assertEquals(4, JournalMark.read(dir).lastSequence(), "a sync with nothing new");
                writer.append(buffer, 0, entries.encode(buffer, 5, 1_005, 7, 5, "p"));
                assertEquals(4, JournalMark.read(dir).lastSequence());
            }
            final JournalMark.State closed = JournalMark.read(dir);
            assertEquals(5, closed.lastSequence(), "closing syncs what is left");
            assertTrue(closed.isClosed());
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertTrue(result.isValid(), result.fault());
            assertEquals(6, result.entries());
        }
    }

    @Test
    void aWriterNotOpenedToSyncRefusesToSyncAndMarksEachAppend()
    {
        final TestEntries entries = new TestEntries();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE);
            JournalWriter writer = journal.newWriter())
        {
            writer.append(buffer, 0, entries.encode(buffer, 0, 1_000, 7, 0, "p"));
            assertEquals(0, JournalMark.read(dir).lastSequence());
            final IllegalStateException ex = assertThrows(IllegalStateException.class, writer::sync);
            assertEquals("the journal writer was not opened to sync", ex.getMessage());
        }
    }
}
