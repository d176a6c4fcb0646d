package io.streamflow.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalVerifierTest
{
    @TempDir
    File dir;

    @Test
    void intactJournalVerifies()
    {
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            TestEntries.appendRecords(journal, 0, 2000);
            final JournalVerifier.Result result = JournalVerifier.verify(journal);

            assertTrue(result.isValid(), result.fault());
            assertEquals(2000, result.entries());
            assertEquals(0, result.firstSequence());
            assertEquals(1999, result.lastSequence());
        }
    }

    @Test
    void alteredPayloadByteIsNamed() throws IOException
    {
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            TestEntries.appendRecords(journal, 0, 1000);
        }

        flipFirstByteOf("payload-637");

        try (Journal journal = Journal.openReadOnly(dir))
        {
            final JournalVerifier.Result result = JournalVerifier.verify(journal);
            assertFalse(result.isValid());
            assertEquals(637, result.entries(), "entries before the bad one");
            assertTrue(result.fault().contains("entry #637"), result.fault());
            assertTrue(result.fault().contains("checksum mismatch"), result.fault());
        }
    }

    @Test
    void gapInSequencesIsNamed()
    {
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            TestEntries.appendRecords(journal, 0, 10);
            TestEntries.appendRecords(journal, 11, 10);
            final JournalVerifier.Result result = JournalVerifier.verify(journal);

            assertFalse(result.isValid());
            assertTrue(result.fault().contains("sequence 11 follows 9"), result.fault());
            assertEquals(9, result.lastSequence());
        }
    }

    @Test
    void foreignDocumentIsNamed()
    {
        try (Journal journal = Journal.open(dir, Journal.DEFAULT_ROLL_CYCLE))
        {
            TestEntries.appendRecords(journal, 0, 3);
            try (JournalWriter writer = journal.newWriter())
            {
                final UnsafeBuffer junk = new UnsafeBuffer(new byte[64]);
                junk.setMemory(0, 64, (byte)7);
                writer.append(junk, 0, 64);
            }
            final JournalVerifier.Result result = JournalVerifier.verify(journal);

            assertFalse(result.isValid());
            assertNotNull(result.fault());
            assertTrue(result.fault().contains("entry #3") && result.fault().contains("not a journal entry"),
                result.fault());
        }
    }

    private void flipFirstByteOf(final String marker) throws IOException
    {
        final byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        final File[] segments = dir.listFiles((d, name) -> name.endsWith(".cq4"));
        assertNotNull(segments);
        for (final File segment : segments)
        {
            final byte[] bytes = Files.readAllBytes(segment.toPath());
            for (int i = 0; i + needle.length <= bytes.length; i++)
            {
                if (matchesAt(bytes, i, needle))
                {
                    try (FileChannel channel = FileChannel.open(segment.toPath(), StandardOpenOption.WRITE))
                    {
                        channel.write(ByteBuffer.wrap(new byte[]{ (byte)(bytes[i] ^ 0x01) }), i);
                    }
                    return;
                }
            }
        }
        throw new AssertionError(marker + " not found in any segment");
    }

    private static boolean matchesAt(final byte[] bytes, final int at, final byte[] needle)
    {
        for (int j = 0; j < needle.length; j++)
        {
            if (bytes[at + j] != needle[j])
            {
                return false;
            }
        }
        return true;
    }
}
