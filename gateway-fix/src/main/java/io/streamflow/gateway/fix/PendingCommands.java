package io.streamflow.gateway.fix;

/**
 * What the gateway needs to answer a command in FIX terms once the node has answered it, by client sequence: which FIX
 * message it came from, its ClOrdID and OrigClOrdID, and for a mass cancel the orders it cancelled so far. A ring of
 * fixed capacity: a command is remembered until {@code capacity} later commands of the same session have been sent,
 * which is far longer than the node takes to answer (its answers come in engine order, each within the same command).
 * <p>
 * The gateway's thread only; allocates nothing after construction.
 */
final class PendingCommands
{
    static final byte NONE = 0;
    static final byte NEW_ORDER = 1;
    static final byte CANCEL = 2;
    static final byte REPLACE = 3;
    static final byte MASS_CANCEL = 4;

    private final int mask;
    private final long[] sequences;
    private final byte[] kinds;
    private final long[] clOrdIds;
    private final long[] origClOrdIds;
    private final int[] affected;
    private final char[] massCancelTypes;
    private final int[] massCancelGroups;
    private final int[] symbolIndexes;
    private final char[] sides;
    private final long[] quantities;

    /**
     * @param capacity a power of two.
     */
    PendingCommands(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        mask = capacity - 1;
        sequences = new long[capacity];
        java.util.Arrays.fill(sequences, -1);
        kinds = new byte[capacity];
        clOrdIds = new long[capacity];
        origClOrdIds = new long[capacity];
        affected = new int[capacity];
        massCancelTypes = new char[capacity];
        massCancelGroups = new int[capacity];
        symbolIndexes = new int[capacity];
        sides = new char[capacity];
        quantities = new long[capacity];
    }

    /**
     * Remember a command just sent.
     *
     * @param clientSequence it carried.
     * @param kind           {@link #NEW_ORDER}, {@link #CANCEL}, {@link #REPLACE} or {@link #MASS_CANCEL}.
     * @param clOrdId        its ClOrdID as the node's client order id.
     * @param origClOrdId    the order it acts on, or 0.
     * @param symbolIndex    its symbol ({@link FixInstruments}), or -1.
     * @param side           its FIX Side (54), or 0.
     * @param quantity       its quantity, or 0.
     */
    void add(
        final long clientSequence,
        final byte kind,
        final long clOrdId,
        final long origClOrdId,
        final int symbolIndex,
        final char side,
        final long quantity)
    {
        final int slot = (int)clientSequence & mask;
        symbolIndexes[slot] = symbolIndex;
        sides[slot] = side;
        quantities[slot] = quantity;
        sequences[slot] = clientSequence;
        kinds[slot] = kind;
        clOrdIds[slot] = clOrdId;
        origClOrdIds[slot] = origClOrdId;
        affected[slot] = 0;
        massCancelTypes[slot] = 0;
        massCancelGroups[slot] = 0;
    }

    /**
     * A mass cancel: its FIX request type, and how many commands of the same request remain after this one (the
     * request covers each of the session's accounts with a command of its own).
     *
     * @param clientSequence of the command.
     * @param requestType    FIX MassCancelRequestType (530).
     * @param remaining      commands of the same request sent after this one.
     */
    void massCancel(final long clientSequence, final char requestType, final int remaining)
    {
        final int slot = (int)clientSequence & mask;
        massCancelTypes[slot] = requestType;
        massCancelGroups[slot] = remaining;
    }

    /**
     * @param clientSequence of a command.
     * @return its kind, or {@link #NONE} when it is not (or no longer) known.
     */
    byte kind(final long clientSequence)
    {
        if (clientSequence < 0)
        {
            return NONE;
        }
        final int slot = (int)clientSequence & mask;
        return sequences[slot] == clientSequence ? kinds[slot] : NONE;
    }

    long clOrdId(final long clientSequence)
    {
        return clOrdIds[(int)clientSequence & mask];
    }

    long origClOrdId(final long clientSequence)
    {
        return origClOrdIds[(int)clientSequence & mask];
    }

    int symbolIndex(final long clientSequence)
    {
        return symbolIndexes[(int)clientSequence & mask];
    }

    char side(final long clientSequence)
    {
        return sides[(int)clientSequence & mask];
    }

    long quantity(final long clientSequence)
    {
        return quantities[(int)clientSequence & mask];
    }

    char massCancelType(final long clientSequence)
    {
        return massCancelTypes[(int)clientSequence & mask];
    }

    int remainingInRequest(final long clientSequence)
    {
        return massCancelGroups[(int)clientSequence & mask];
    }

    /**
     * Count an order a mass cancel cancelled.
     *
     * @param clientSequence of the mass cancel.
     */
    void countAffected(final long clientSequence)
    {
        final int slot = (int)clientSequence & mask;
        if (affected[slot] >= 0)
        {
            affected[slot]++;
        }
    }

    /**
     * A mass cancel the node refused (for an instrument it does not have): the request is reported rejected.
     *
     * @param clientSequence of the mass cancel.
     */
    void markRejected(final long clientSequence)
    {
        affected[(int)clientSequence & mask] = Integer.MIN_VALUE;
    }

    /**
     * Carry what one command of a mass cancel request found to the next command of the same request.
     *
     * @param clientSequence of a command that is not the request's last.
     */
    void carryToNext(final long clientSequence)
    {
        final int from = affected[(int)clientSequence & mask];
        final int slot = (int)(clientSequence + 1) & mask;
        affected[slot] = from < 0 || affected[slot] < 0 ? Integer.MIN_VALUE : affected[slot] + from;
    }

    /**
     * @param clientSequence of a mass cancel.
     * @return orders it cancelled, or a negative number when the node refused it.
     */
    int affected(final long clientSequence)
    {
        return affected[(int)clientSequence & mask];
    }

    /**
     * Forget a command that was answered for good.
     *
     * @param clientSequence of the command.
     */
    void remove(final long clientSequence)
    {
        final int slot = (int)clientSequence & mask;
        if (sequences[slot] == clientSequence)
        {
            sequences[slot] = -1;
            kinds[slot] = NONE;
        }
    }
}
