package io.streamflow.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalChecksumTest
{
    private final TestEntries entries = new TestEntries();
    private final JournalChecksum checksum = new JournalChecksum();

    @Test
    void heapAndDirectBuffersGiveTheSameChecksum()
    {
        final UnsafeBuffer heap = new UnsafeBuffer(new byte[512]);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
        final int length = entries.encode(heap, 42, 99, 3, 4, "same bytes");
        entries.encode(direct, 42, 99, 3, 4, "same bytes");

        assertEquals(checksum.compute(heap, 0, length), checksum.compute(direct, 0, length));
    }

    @Test
    void sealedEntryMatchesAndAnyChangedByteIsCaught()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
        final int length = entries.encode(buffer, 42, 99, 3, 4, "tamper with me");
        checksum.seal(buffer, 0, length);
        assertTrue(checksum.matches(buffer, 0, length));

        for (int i = JournalEntryLayout.CHECKSUMMED_OFFSET; i < length; i++)
        {
            buffer.putByte(i, (byte)(buffer.getByte(i) ^ 0x10));
            assertFalse(checksum.matches(buffer, 0, length), "flip at offset " + i + " not caught");
            buffer.putByte(i, (byte)(buffer.getByte(i) ^ 0x10));
        }
        assertTrue(checksum.matches(buffer, 0, length));
    }
}
