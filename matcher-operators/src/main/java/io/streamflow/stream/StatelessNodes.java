package io.streamflow.stream;

import org.agrona.ExpandableArrayBuffer;

import java.util.function.Predicate;

/**
 * The operators that keep no state: filter, map, sink.
 */
final class StatelessNodes
{
    private StatelessNodes()
    {
    }

    static final class Filter<V> extends Node<V>
    {
        private final Predicate<V> predicate;
        final Fanout<V> downstream = new Fanout<>();

        Filter(final Predicate<V> predicate)
        {
            this.predicate = predicate;
        }

        void onRecord(final V record, final long timestampNs)
        {
            if (predicate.test(record))
            {
                downstream.onRecord(record, timestampNs);
            }
        }

        void onWatermark(final long watermarkNs)
        {
            downstream.onWatermark(watermarkNs);
        }

        void onIdle(final boolean isIdle)
        {
            downstream.onIdle(isIdle);
        }
    }

    static final class Map<V, W extends Flyweight> extends Node<V>
    {
        private final RecordMapper<V> mapper;
        private final W out;
        private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
        final Fanout<W> downstream = new Fanout<>();

        Map(final RecordMapper<V> mapper, final W out)
        {
            this.mapper = mapper;
            this.out = out;
        }

        void onRecord(final V record, final long timestampNs)
        {
            final int length = mapper.map(record, scratch);
            out.wrap(scratch, 0, length);
            downstream.onRecord(out, timestampNs);
        }

        void onWatermark(final long watermarkNs)
        {
            downstream.onWatermark(watermarkNs);
        }

        void onIdle(final boolean isIdle)
        {
            downstream.onIdle(isIdle);
        }
    }

    static final class Sink<V> extends Node<V>
    {
        private final RecordSink<V> sink;

        Sink(final RecordSink<V> sink)
        {
            this.sink = sink;
        }

        void onRecord(final V record, final long timestampNs)
        {
            sink.onRecord(record, timestampNs);
        }

        void onWatermark(final long watermarkNs)
        {
        }
    }
}
