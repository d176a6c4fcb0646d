package io.streamflow.matcher;

import org.agrona.collections.LongHashSet;

/**
 * The client order ids an account's accepted orders used since the start of the UTC day, so that one used before
 * (the order filled, cancelled or killed since) is refused as a duplicate, as FIX has ClOrdID unique per day. Bounded:
 * past {@code capacity} ids the oldest is forgotten (first in, first out), so memory stays bounded whatever a client
 * sends; a capacity of 0 remembers nothing (only open orders' ids are then checked).
 * <p>
 * Grows to its capacity, then allocates nothing. Iterated oldest first, which is canonical: equal histories give equal
 * snapshots.
 */
final class UsedClientOrderIds
{
    private static final int INITIAL_LENGTH = 16;

    private final int capacity;
    private final LongHashSet ids = new LongHashSet();
    private long[] ring;
    private int head;
    private int size;

    /**
     * @param capacity most ids remembered; 0 for none.
     */
    UsedClientOrderIds(final int capacity)
    {
        this.capacity = capacity;
        this.ring = new long[Math.min(INITIAL_LENGTH, Math.max(1, capacity))];
    }

    /**
     * @param clientOrderId an id.
     * @return true when an accepted order used it since the day began (and it was not forgotten since).
     */
    boolean contains(final long clientOrderId)
    {
        return size > 0 && ids.contains(clientOrderId);
    }

    /**
     * Remember an id, forgetting the oldest when full.
     *
     * @param clientOrderId of an order just accepted.
     */
    void add(final long clientOrderId)
    {
        if (0 == capacity || ids.contains(clientOrderId))
        {
            return;
        }
        if (size == capacity)
        {
            ids.remove(ring[head]);
            head = (head + 1) % ring.length;
            size--;
        }
        else if (size == ring.length)
        {
            grow();
        }
        ring[(head + size) % ring.length] = clientOrderId;
        size++;
        ids.add(clientOrderId);
    }

    /**
     * Forget every id: a new day began.
     */
    void clear()
    {
        if (size > 0)
        {
            ids.clear();
            head = 0;
            size = 0;
        }
    }

    /**
     * @return ids remembered.
     */
    int size()
    {
        return size;
    }

    /**
     * @param index 0 for the oldest.
     * @return the id.
     */
    long oldestFirst(final int index)
    {
        return ring[(head + index) % ring.length];
    }

    private void grow()
    {
        final long[] grown = new long[(int)Math.min(capacity, 2L * ring.length)];
        for (int i = 0; i < size; i++)
        {
            grown[i] = ring[(head + i) % ring.length];
        }
        ring = grown;
        head = 0;
    }
}
