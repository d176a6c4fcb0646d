package io.streamflow.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Keyed windows, waiting for their aggregation.
 *
 * @param <V> record view.
 */
public final class WindowedStream<V extends Flyweight>
{
    private final KeyedStream<V> keyed;
    private final WindowSpec spec;
    private int maxWindows;
    private RecordSink<V> lateSink;

    WindowedStream(final KeyedStream<V> keyed, final WindowSpec spec)
    {
        this.keyed = keyed;
        this.spec = spec;
        this.maxWindows = keyed.stream.pipeline.defaultMaxWindows();
    }

    /**
     * @param maxWindows windows open at once (over all keys); records beyond go to the late output, counted.
     * @return this for a fluent API.
     */
    public WindowedStream<V> maxWindows(final int maxWindows)
    {
        this.maxWindows = maxWindows;
        return this;
    }

    /**
     * @param sink for records too late for all their windows (or refused for capacity).
     * @return this for a fluent API.
     */
    public WindowedStream<V> lateOutput(final RecordSink<V> sink)
    {
        this.lateSink = sink;
        return this;
    }

    /**
     * Aggregate each window; one result record per window (and one more per late record within the lateness).
     *
     * @param aggregations to compute, their results in this order.
     * @return the stream of window results.
     */
    @SafeVarargs
    public final DataStream<WindowResult> aggregate(final Aggregation<V>... aggregations)
    {
        final List<Aggregation<V>> declared = new ArrayList<>();
        for (final Aggregation<V> aggregation : aggregations)
        {
            declared.add(aggregation);
        }
        final WindowOperator<V> operator = new WindowOperator<>(spec, keyed.key, maxWindows, declared);
        keyed.stream.output.add(operator);
        if (null != lateSink)
        {
            operator.lateOutput.add(new StatelessNodes.Sink<>(lateSink));
        }
        keyed.stream.pipeline.register(operator);
        return new DataStream<>(keyed.stream.pipeline, operator.downstream, keyed.stream.source, true);
    }
}
