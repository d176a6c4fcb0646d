package io.streamflow.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionerTest
{
    /** XXH64 with seed 0, from the xxHash project's own test values. */
    @Test
    void hashIsXxHash64OfTheKeyBytes()
    {
        for (final DirectBuffer buffer : new DirectBuffer[]{ heap(""), direct("") })
        {
            assertEquals(0xEF46DB3751D8E999L, Partitioner.hash(buffer, 0, 0));
        }
        assertEquals(0xD24EC4F1A98C6E5BL, Partitioner.hash(heap("a"), 0, 1));
        assertEquals(0x44BC2CF5AD770999L, Partitioner.hash(direct("abc"), 0, 3));
        final String text = "Nobody inspects the spammish repetition";
        assertEquals(0xFBCEA83C8A378BF1L, Partitioner.hash(heap(text), 0, text.length()));
        assertEquals(0xFBCEA83C8A378BF1L, Partitioner.hash(direct("xx" + text), 2, text.length()));
    }

    @Test
    void keyedRecordsGoToTheUnsignedRemainderOfTheHash()
    {
        final UnsafeBuffer key = heap("abc");
        for (int partitions = 1; partitions < 40; partitions++)
        {
            final int expected = (int)Long.remainderUnsigned(0x44BC2CF5AD770999L, partitions);
            assertEquals(expected, Partitioner.partitionOf(key, 0, 3, 12345, partitions));
        }
    }

    @Test
    void keylessRecordsGoByEngineSequence()
    {
        final UnsafeBuffer none = heap("");
        assertEquals(0, Partitioner.partitionOf(none, 0, 0, 7, 1));
        assertEquals(3, Partitioner.partitionOf(none, 0, 0, 7, 4));
        assertEquals(0, Partitioner.partitionOf(none, 0, 0, 8, 4));
    }

    @Test
    void keysSpreadOverEveryPartition()
    {
        final int partitions = 8;
        final int[] counts = new int[partitions];
        for (int i = 0; i < 8_000; i++)
        {
            final UnsafeBuffer key = heap("key-" + i);
            counts[Partitioner.partitionOf(key, 0, key.capacity(), 0, partitions)]++;
        }
        for (final int count : counts)
        {
            assertTrue(count > 800 && count < 1_200, () -> java.util.Arrays.toString(counts));
        }
    }

    private static UnsafeBuffer heap(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static UnsafeBuffer direct(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, bytes.length)));
        buffer.putBytes(0, bytes);
        return buffer;
    }
}
