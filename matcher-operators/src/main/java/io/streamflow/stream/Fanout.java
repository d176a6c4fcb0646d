package io.streamflow.stream;

import java.util.Arrays;

/**
 * Passes everything to every downstream node, in the order they were attached.
 *
 * @param <V> record view.
 */
final class Fanout<V> extends Node<V>
{
    @SuppressWarnings("unchecked")
    private Node<V>[] targets = (Node<V>[])new Node<?>[0];

    void add(final Node<V> target)
    {
        targets = Arrays.copyOf(targets, targets.length + 1);
        targets[targets.length - 1] = target;
    }

    boolean isEmpty()
    {
        return 0 == targets.length;
    }

    void onRecord(final V record, final long timestampNs)
    {
        for (final Node<V> target : targets)
        {
            target.onRecord(record, timestampNs);
        }
    }

    void onWatermark(final long watermarkNs)
    {
        for (final Node<V> target : targets)
        {
            target.onWatermark(watermarkNs);
        }
    }

    void onIdle(final boolean isIdle)
    {
        for (final Node<V> target : targets)
        {
            target.onIdle(isIdle);
        }
    }
}
