package io.streamflow.stream;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fixed-size slots of copied records, for operators that must keep records until later (joins). Sized at
 * declaration; a record longer than a slot, or a full arena, is the caller's to refuse.
 */
final class RecordArena
{
    private final UnsafeBuffer slots;
    private final int slotLength;
    private final int[] lengths;
    private final int[] free;
    private int freeCount;

    RecordArena(final int slotCount, final int slotLength)
    {
        this.slots = new UnsafeBuffer(new byte[slotCount * slotLength]);
        this.slotLength = slotLength;
        this.lengths = new int[slotCount];
        this.free = new int[slotCount];
        for (int i = 0; i < slotCount; i++)
        {
            free[i] = slotCount - 1 - i;
        }
        this.freeCount = slotCount;
    }

    /**
     * @return the slot the record was copied to, or -1 when it does not fit.
     */
    int store(final DirectBuffer buffer, final int offset, final int length)
    {
        if (0 == freeCount || length > slotLength)
        {
            return -1;
        }
        final int slot = free[--freeCount];
        slots.putBytes(slot * slotLength, buffer, offset, length);
        lengths[slot] = length;
        return slot;
    }

    void release(final int slot)
    {
        free[freeCount++] = slot;
    }

    DirectBuffer buffer()
    {
        return slots;
    }

    int offsetOf(final int slot)
    {
        return slot * slotLength;
    }

    int lengthOf(final int slot)
    {
        return lengths[slot];
    }

    int used()
    {
        return lengths.length - freeCount;
    }

    int capacity()
    {
        return lengths.length;
    }
}
