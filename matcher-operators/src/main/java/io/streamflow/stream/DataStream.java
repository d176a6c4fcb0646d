package io.streamflow.stream;

import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A stream of records of one view type, as declared: each call adds an operator after this one.
 *
 * @param <V> record view.
 */
public final class DataStream<V extends Flyweight>
{
    final Pipeline pipeline;
    final Fanout<V> output;
    final Source<?> source;
    final boolean isWindowResults;

    DataStream(final Pipeline pipeline, final Fanout<V> output, final Source<?> source)
    {
        this(pipeline, output, source, false);
    }

    DataStream(final Pipeline pipeline, final Fanout<V> output, final Source<?> source, final boolean isWindowResults)
    {
        this.pipeline = pipeline;
        this.output = output;
        this.source = source;
        this.isWindowResults = isWindowResults;
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
     * Drop records whose id already passed within the horizon (by timestamp): no false duplicates inside it.
     *
     * @param id              read from each record.
     * @param horizonNs       how long an id is remembered.
     * @param maxIdsInHorizon ids remembered at once; beyond, new ids pass unchecked, counted.
     * @return the deduplicated stream.
     */
    public DataStream<V> dedup(final ToLongFunction<V> id, final long horizonNs, final int maxIdsInHorizon)
    {
        final DedupOperator<V> dedup = new DedupOperator<>(id, horizonNs, maxIdsInHorizon);
        output.add(dedup);
        pipeline.registerDedup(dedup);
        return new DataStream<>(pipeline, dedup.downstream, source);
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
     * The k best results of each window, best first: for a stream of window results only.
     *
     * @param k          results per window.
     * @param valueIndex of the value to rank by (largest first; ties: smallest key).
     * @param maxWindows windows ranked at once.
     * @return the ranked results.
     * @throws IllegalStateException when this is not a stream of window results.
     */
    @SuppressWarnings("unchecked")
    public DataStream<WindowResult> topK(final int k, final int valueIndex, final int maxWindows)
    {
        if (k <= 0)
        {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        if (!isWindowResults)
        {
            throw new IllegalStateException("topK ranks window results: declare it after aggregate(...)");
        }
        final TopKOperator operator = new TopKOperator(k, valueIndex, maxWindows, 256);
        ((Fanout<WindowResult>)(Fanout<?>)output).add(operator);
        pipeline.register(operator);
        return new DataStream<>(pipeline, operator.downstream, source, true);
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
