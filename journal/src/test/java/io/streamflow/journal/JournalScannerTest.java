package io.streamflow.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The journal is checked from its bytes, so no damaged header hides what follows it: every single-byte change of a
 * cycle file is found and named, nothing crashes the check, and a fault says how many valid entries follow it.
 */
class JournalScannerTest
{
    private static final int ENTRIES = 300;
    private static final int BLOCK_SIZE = 64 * 1024;

    @TempDir
    File dir;

    @Test
    void aJournalThatRolledWhileItsWriterRanIsCleanToTheLastByte()
    {
        // An appender that rolls to the next cycle ends the one before with Chronicle's end-of-file marker and its
        // "EOF" text; the scan once took that text for data after the end.
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-12-02T10:00:00Z"));
        final TestEntries entries = new TestEntries();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (Journal journal = Journal.open(dir, TestRollCycles.TEST_SECONDLY, clock);
            JournalWriter writer = journal.newWriter())
        {
            for (long sequence = 0; sequence < 40; sequence++)
            {
                assertTrue(writer.append(buffer, 0, entries.encode(buffer, sequence, 1_000 + sequence, 7, sequence,
                    "p" + sequence)));
                if (9 == sequence % 10)
                {
                    clock.advanceMillis(1_000);
                }
            }
        }
        assertEquals(4, JournalScanner.cycleFiles(dir).size());

        final JournalScanner.Result result = JournalScanner.scan(dir, null, false);
        assertNull(result.fault());
        assertEquals(40, result.entries());
        for (final File cycle : JournalScanner.cycleFiles(dir))
        {
            final JournalScanner.Result one = JournalScanner.scanFile(dir, cycle, null);
            assertNull(one.fault(), cycle.getName());
            assertEquals(10, one.entries());
        }
    }

    @Test
    void everySingleByteChangeOfACycleFileIsFoundAndNothingCrashes() throws IOException
    {
        writeSmallJournal(ENTRIES);
        final JournalScanner.Result clean = JournalScanner.scan(dir, null, false);
        assertTrue(clean.isValid(), clean.fault());
        assertEquals(ENTRIES, clean.entries());
        assertNull(clean.torn());

        final File cycle = JournalScanner.cycleFiles(dir).get(0);
        final byte[] original = java.nio.file.Files.readAllBytes(cycle.toPath());
        int written = original.length;
        while (written > 0 && 0 == original[written - 1])
        {
            written--;
        }

        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < written + 64; i++)
        {
            positions.add(i);
        }
        for (int i = 0; i < 2_000; i++)
        {
            positions.add(written + 64 + random.nextInt(original.length - written - 64));
        }

        final List<String> missed = new ArrayList<>();
        try (RandomAccessFile file = new RandomAccessFile(cycle, "rw"))
        {
            for (final int position : positions)
            {
                final byte changed = (byte)(original[position] ^ (1 + random.nextInt(255)));
                file.seek(position);
                file.write(changed);
                try
                {
                    final JournalScanner.Result result = JournalScanner.scan(dir, null, false);
                    if (result.isValid())
                    {
                        missed.add(position + " (0x" + Integer.toHexString(original[position] & 0xFF) + " -> 0x" +
                            Integer.toHexString(changed & 0xFF) + ")");
                    }
                }
                catch (final RuntimeException | Error ex)
                {
                    fail("byte " + position + " changed: the check crashed, seed " + seed, ex);
                }
                finally
                {
                    file.seek(position);
                    file.write(original[position]);
                }
            }
        }

        assertEquals(List.of(), missed.subList(0, Math.min(60, missed.size())),
            missed.size() + " single-byte changes of " + positions.size() + " passed as OK, seed " + seed);
        assertTrue(JournalScanner.scan(dir, null, false).isValid(), "restored");
    }

    @Test
    void theWritePositionArrayWithFewerValuesInUseIsAFault() throws IOException
    {
        // Found by the random single-byte test (seed 6236412759776): the array's used count, 2, changed to 0.
        writeSmallJournal(ENTRIES);
        final File cycle = JournalScanner.cycleFiles(dir).get(0);
        final byte[] bytes = java.nio.file.Files.readAllBytes(cycle.toPath());
        final int used = indexOf(bytes, "writePosition") + "writePosition".length() + 6 + 1 + Long.BYTES;
        assertEquals(2, bytes[used], "the used count of writePosition's [position, sequence]");
        for (final byte changed : new byte[]{ 0, 1 })
        {
            flipTo(cycle, used, changed);
            final JournalScanner.Result result = JournalScanner.scan(dir, null, false);
            assertFalse(result.isValid(), "used " + changed);
            assertTrue(result.fault().contains("writePosition with " + changed + " of its 2 values in use"),
                result.fault());
        }
    }

    @Test
    void anEntryHeaderMarkedNotCompleteHidesNothing() throws IOException
    {
        writeSmallJournal(ENTRIES);
        final long position = documentPosition(150);
        flip(position + 3, (byte)0x80);

        final JournalScanner.Result result = JournalScanner.scan(dir, null, false);
        assertFalse(result.isValid());
        assertEquals(150, result.entries(), "the good entries before it");
        assertTrue(result.fault().startsWith("entry #150 ("), result.fault());
        assertEquals(ENTRIES - 151, result.entriesAfterFault(), "every entry after it is found: " + result.fault());
        assertNull(result.torn(), "valid entries follow: not a torn tail");
    }

    @Test
    void aDamagedLengthIsAFaultNotACrash() throws IOException
    {
        writeSmallJournal(ENTRIES);
        final long position = documentPosition(100);
        flip(position + 2, (byte)0x3F);

        final JournalScanner.Result result = JournalScanner.scan(dir, null, false);
        assertFalse(result.isValid());
        assertEquals(100, result.entries());
        assertNotNull(result.fault());
        assertEquals(ENTRIES - 101, result.entriesAfterFault(), result.fault());
    }

    @Test
    void pastAFaultTheValidEntriesAreHandedOverWhenAsked() throws IOException
    {
        writeSmallJournal(ENTRIES);
        flip(documentPosition(10) + 20, (byte)1);

        final long[] good = { 0 };
        final long[] after = { 0 };
        final JournalScanner.Result result = JournalScanner.scan(dir,
            (buffer, offset, length, isGood) ->
            {
                (isGood ? good : after)[0]++;
                return true;
            }, true);
        assertFalse(result.isValid());
        assertTrue(result.fault().contains("checksum mismatch"), result.fault());
        assertEquals(10, good[0]);
        assertEquals(ENTRIES - 11, after[0], "the damaged entry is skipped, the rest handed over");
    }

    private void writeSmallJournal(final int entries)
    {
        try (Journal journal = Journal.open(dir, TestRollCycles.TEST8_DAILY, BLOCK_SIZE);
            JournalWriter writer = journal.newWriter())
        {
            final TestEntries encoder = new TestEntries();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
            for (int i = 0; i < entries; i++)
            {
                writer.append(buffer, 0, encoder.encode(buffer, i, 1_000 + i, 7, i, "payload-" + i));
            }
        }
    }

    /**
     * @return file offset of the header of the entry with this engine sequence.
     */
    private long documentPosition(final long engineSequence)
    {
        final long[] found = { -1 };
        final long[] position = { 0 };
        final File cycle = JournalScanner.cycleFiles(dir).get(0);
        try (RandomAccessFile file = new RandomAccessFile(cycle, "r"))
        {
            final byte[] bytes = new byte[(int)file.length()];
            file.readFully(bytes);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final JournalEntryView view = new JournalEntryView();
            int at = 0;
            while (at + 4 <= bytes.length && found[0] < 0)
            {
                final int word = buffer.getInt(at);
                if (0 == word)
                {
                    break;
                }
                final int length = word & JournalScanner.LENGTH_MASK;
                if ((word & JournalScanner.META_DATA) == 0 &&
                    view.wrap(buffer, at + 4, length).engineSequence() == engineSequence)
                {
                    found[0] = at;
                }
                at = (at + 4 + length + 3) & ~3;
            }
            position[0] = found[0];
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        assertTrue(position[0] > 0, "entry " + engineSequence + " found");
        return position[0];
    }

    private void flip(final long position, final byte mask) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(JournalScanner.cycleFiles(dir).get(0), "rw"))
        {
            file.seek(position);
            final byte original = file.readByte();
            file.seek(position);
            file.write(original ^ mask);
        }
    }

    private static void flipTo(final File file, final int position, final byte value) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.seek(position);
            raf.write(value);
        }
    }

    private static int indexOf(final byte[] bytes, final String text)
    {
        final byte[] wanted = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + wanted.length <= bytes.length; i++)
        {
            for (int j = 0; j < wanted.length; j++)
            {
                if (bytes[i + j] != wanted[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
