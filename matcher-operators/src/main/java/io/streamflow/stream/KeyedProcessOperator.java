package io.streamflow.stream;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.function.ToLongFunction;

/**
 * Runs a {@link KeyedProcessor} over a keyed stream with its {@link KeyedState}; state time follows the records'
 * timestamps.
 *
 * @param <V> record view.
 * @param <W> result view.
 */
final class KeyedProcessOperator<V, W extends Flyweight> extends Node<V>
    implements KeyedProcessor.Emitter, Counted, Snapshottable
{
    private final ToLongFunction<V> keyOf;
    private final KeyedProcessor<V> processor;
    final KeyedState state;
    private final W outView;
    private final ExpandableArrayBuffer outBuffer = new ExpandableArrayBuffer(128);
    final Fanout<W> downstream = new Fanout<>();

    KeyedProcessOperator(
        final ToLongFunction<V> keyOf, final KeyedProcessor<V> processor, final KeyedState state, final W outView)
    {
        this.keyOf = keyOf;
        this.processor = processor;
        this.state = state;
        this.outView = outView;
    }

    void onRecord(final V record, final long timestampNs)
    {
        state.now(timestampNs);
        processor.onRecord(keyOf.applyAsLong(record), record, timestampNs, state, this);
    }

    void onWatermark(final long watermarkNs)
    {
        downstream.onWatermark(watermarkNs);
    }

    void onIdle(final boolean isIdle)
    {
        downstream.onIdle(isIdle);
    }

    /**
     * {@inheritDoc}
     */
    public MutableDirectBuffer buffer()
    {
        return outBuffer;
    }

    /**
     * {@inheritDoc}
     */
    public void emit(final int length, final long timestampNs)
    {
        outView.wrap(outBuffer, 0, length);
        downstream.onRecord(outView, timestampNs);
    }

    /**
     * {@inheritDoc}
     */
    public int stateType()
    {
        return 8;
    }

    /**
     * {@inheritDoc}
     */
    public void writeState(final StateWriter writer)
    {
        state.writeState(writer);
    }

    /**
     * {@inheritDoc}
     */
    public void readState(final StateReader reader)
    {
        state.readState(reader);
    }

    /**
     * {@inheritDoc}
     */
    public long lateRecords()
    {
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public long capacityRejects()
    {
        return state.rejects;
    }
}
