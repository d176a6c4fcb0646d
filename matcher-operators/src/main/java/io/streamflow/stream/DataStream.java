package io.streamflow.stream;

import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A stream of records of one view type, as declared: each call adds an operator after this one.
 *
 * @param <V> record view.
 */
public final class DataStream<V>
{
    final Pipeline pipeline;
    final Fanout<V> output;
    final Source<?> source;

    DataStream(final Pipeline pipeline, final Fanout<V> output, final Source<?> source)
    {
        this.pipeline = pipeline;
        this.output = output;
        this.source = source;
    }

    /**
     * Keep the records that match.
     *
     * @param predicate to keep a record.
     * @return the filtered stream.
     */
    public DataStream<V> filter(final Predicate<V> predicate)
    {
        final StatelessNodes.Filter<V> filter = new StatelessNodes.Filter<>(predicate);
        output.add(filter);
        return new DataStream<>(pipeline, filter.downstream, source);
    }

    /**
     * Turn each record into a new one, of another view type, encoded by the mapper into a reused buffer.
     *
     * @param mapper encodes the new record.
     * @param view   flyweight the new records are read through.
     * @param <W>    new record view.
     * @return the mapped stream.
     */
    public <W extends Flyweight> DataStream<W> map(final RecordMapper<V> mapper, final W view)
    {
        final StatelessNodes.Map<V, W> map = new StatelessNodes.Map<>(mapper, view);
        output.add(map);
        return new DataStream<>(pipeline, map.downstream, source);
    }

    /**
     * Partition by a key, for keyed windows, state, joins and patterns.
     *
     * @param key read from each record.
     * @return the keyed stream.
     */
    public KeyedStream<V> keyBy(final ToLongFunction<V> key)
    {
        return new KeyedStream<>(this, key);
    }

    /**
     * Send every record to a sink.
     *
     * @param sink receiving them.
     * @return this, to declare more.
     */
    public DataStream<V> to(final RecordSink<V> sink)
    {
        output.add(new StatelessNodes.Sink<>(sink));
        return this;
    }
}
