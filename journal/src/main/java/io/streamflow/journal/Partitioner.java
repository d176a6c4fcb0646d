package io.streamflow.journal;

import net.openhft.hashing.LongHashFunction;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

/**
 * Which partition of a stream a record goes to, when its producer names none. Stable across versions, machines and
 * restarts, and documented so that a producer can compute it itself (docs/log.md):
 * <ul>
 *     <li>a record with a key goes to {@code Long.remainderUnsigned(XXH64(key, seed 0), partitions)}: xxHash64 of the
 *     key's bytes, as the zero-allocation-hashing library computes it, taken as an unsigned number;</li>
 *     <li>a record without a key goes to {@code engineSequence % partitions}: keyless records spread evenly, and
 *     deterministically, so replay assigns them the same partitions.</li>
 * </ul>
 * Allocation free; any thread.
 */
public final class Partitioner
{
    private static final LongHashFunction XX_64 = LongHashFunction.xx(0);

    private Partitioner()
    {
    }

    /**
     * @param key            buffer holding the key.
     * @param keyOffset      of the key.
     * @param keyLength      of the key, 0 for none.
     * @param engineSequence the record gets: chooses the partition of a keyless record.
     * @param partitions     of the stream, at least 1.
     * @return the partition, 0 to partitions - 1.
     */
    public static int partitionOf(
        final DirectBuffer key, final int keyOffset, final int keyLength, final long engineSequence,
        final int partitions)
    {
        if (1 == partitions)
        {
            return 0;
        }
        if (0 == keyLength)
        {
            return (int)(engineSequence % partitions);
        }
        return (int)Long.remainderUnsigned(hash(key, keyOffset, keyLength), partitions);
    }

    /**
     * @param key       buffer holding the key.
     * @param keyOffset of the key.
     * @param keyLength of the key.
     * @return XXH64 of the key's bytes with seed 0.
     */
    public static long hash(final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        final byte[] array = key.byteArray();
        if (null != array)
        {
            final int arrayOffset = (int)(key.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET);
            return XX_64.hashBytes(array, arrayOffset + keyOffset, keyLength);
        }
        return XX_64.hashMemory(key.addressOffset() + keyOffset, keyLength);
    }
}
