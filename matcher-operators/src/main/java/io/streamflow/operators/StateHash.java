package io.streamflow.operators;

import org.agrona.DirectBuffer;

/**
 * The hash of an operator's canonical state encoding: equal for states that will behave identically.
 */
public final class StateHash
{
    private StateHash()
    {
    }

    /**
     * 64-bit FNV-1a.
     *
     * @param buffer holding the encoded state.
     * @param offset of the encoding.
     * @param length of the encoding.
     * @return the hash.
     */
    public static long of(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = offset; i < offset + length; i++)
        {
            hash ^= buffer.getByte(i) & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
