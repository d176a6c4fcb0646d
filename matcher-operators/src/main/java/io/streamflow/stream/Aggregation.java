package io.streamflow.stream;

/**
 * An aggregation over the records of a window, kept in a few long slots of pre-sized state: the interface for
 * user aggregations. {@code merge} is what session windows use when two sessions become one.
 *
 * @param <V> record view it reads.
 */
public interface Aggregation<V>
{
    /**
     * @return long slots of state per window.
     */
    int stateSlots();

    /**
     * @return values it produces per window.
     */
    default int resultCount()
    {
        return 1;
    }

    /**
     * @param index of a result.
     * @return true when that result is a double (its bits in the long), false when a long.
     */
    default boolean isDouble(final int index)
    {
        return false;
    }

    /**
     * Make the state that of an empty window.
     *
     * @param state slots.
     * @param at    first slot of this aggregation.
     */
    void reset(long[] state, int at);

    /**
     * Take one record into the state.
     *
     * @param state  slots.
     * @param at     first slot.
     * @param record view.
     */
    void add(long[] state, int at, V record);

    /**
     * Fold another window's state into this one.
     *
     * @param into   slots taking the merge.
     * @param intoAt first slot there.
     * @param from   slots merged in.
     * @param fromAt first slot there.
     */
    void merge(long[] into, int intoAt, long[] from, int fromAt);

    /**
     * @param state slots.
     * @param at    first slot.
     * @param index of the result.
     * @return the result (a double's raw bits when {@link #isDouble(int)}).
     */
    long result(long[] state, int at, int index);

    /**
     * Write a window's state for a snapshot: the slots, and anything held outside them.
     *
     * @param state  slots.
     * @param at     first slot.
     * @param writer of the snapshot.
     */
    default void writeState(final long[] state, final int at, final StateWriter writer)
    {
        for (int i = 0; i < stateSlots(); i++)
        {
            writer.putLong(state[at + i]);
        }
    }

    /**
     * Read a window's state back from a snapshot, into state just {@link #reset}.
     *
     * @param state  slots.
     * @param at     first slot.
     * @param reader of the snapshot.
     */
    default void readState(final long[] state, final int at, final StateReader reader)
    {
        for (int i = 0; i < stateSlots(); i++)
        {
            state[at + i] = reader.getLong();
        }
    }

    /**
     * The window's state is no longer used: give back anything held outside the slots.
     *
     * @param state slots.
     * @param at    first slot.
     */
    default void release(final long[] state, final int at)
    {
    }
}
