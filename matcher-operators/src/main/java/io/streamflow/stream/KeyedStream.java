package io.streamflow.stream;

import java.util.function.ToLongFunction;

/**
 * A stream partitioned by a long key.
 *
 * @param <V> record view.
 */
public final class KeyedStream<V extends Flyweight>
{
    final DataStream<V> stream;
    final ToLongFunction<V> key;

    KeyedStream(final DataStream<V> stream, final ToLongFunction<V> key)
    {
        this.stream = stream;
        this.key = key;
    }

    /**
     * Join with another keyed stream: records of the same key in the same window are paired.
     *
     * @param other the right side.
     * @param spec  tumbling or sliding windows.
     * @param <B>   right record view.
     * @return the join, to configure and apply.
     */
    public <B extends Flyweight> JoinBuilder<V, B> join(final KeyedStream<B> other, final WindowSpec spec)
    {
        return new JoinBuilder<>(this, other, spec);
    }

    /**
     * Join each record with the latest record of its key in a table kept from a changelog stream.
     *
     * @param changelog      keyed stream of table updates.
     * @param isDelete       which changelog records remove their key (null: none do).
     * @param function       encodes the joined record.
     * @param tableView      flyweight to read table records through.
     * @param outView        flyweight the joined records are read through.
     * @param maxKeys        keys the table holds.
     * @param maxRecordLength longest table record.
     * @param policy         when a new key finds the table full.
     * @param unmatched      for records with no table entry (counted); may be null.
     * @param <T>            table record view.
     * @param <W>            joined record view.
     * @return the stream of joined records.
     */
    public <T extends Flyweight, W extends Flyweight> DataStream<W> joinTable(
        final KeyedStream<T> changelog,
        final java.util.function.Predicate<T> isDelete,
        final JoinFunction<V, T> function,
        final T tableView,
        final W outView,
        final int maxKeys,
        final int maxRecordLength,
        final OverflowPolicy policy,
        final RecordSink<V> unmatched)
    {
        final TableJoinOperator<V, T, W> operator = new TableJoinOperator<>(
            key, changelog.key, isDelete, function, tableView, outView, maxKeys, maxRecordLength, policy);
        changelog.stream.output.add(operator.table);
        stream.output.add(operator.stream);
        if (null != unmatched)
        {
            operator.unmatched.add(new StatelessNodes.Sink<>(unmatched));
        }
        stream.pipeline.register(operator);
        return new DataStream<>(stream.pipeline, operator.downstream, stream.source);
    }

    /**
     * Run user logic per record with per-key state: a value and a map of longs per key, with a time to live and a
     * bound on keys.
     *
     * @param processor           the logic.
     * @param outView             flyweight the results are read through.
     * @param maxKeys             keys held at once.
     * @param maxMapEntriesPerKey entries in each key's map (0: no map state).
     * @param ttlNs               an entry not written for longer reads as absent.
     * @param policy              when a new key finds the state full.
     * @param <W>                 result view.
     * @return the stream of results.
     */
    public <W extends Flyweight> DataStream<W> process(
        final KeyedProcessor<V> processor,
        final W outView,
        final int maxKeys,
        final int maxMapEntriesPerKey,
        final long ttlNs,
        final OverflowPolicy policy)
    {
        final KeyedProcessOperator<V, W> operator = new KeyedProcessOperator<>(
            key, processor, new KeyedState(maxKeys, maxMapEntriesPerKey, ttlNs, policy), outView);
        stream.output.add(operator);
        stream.pipeline.register(operator);
        return new DataStream<>(stream.pipeline, operator.downstream, stream.source);
    }

    /**
     * Detect a pattern per key.
     *
     * @param pattern           to detect.
     * @param maxKeys           keys with attempts in progress at once; beyond, new attempts are refused, counted.
     * @param maxAttemptsPerKey attempts in progress per key; beyond, the oldest is dropped, counted.
     * @return the stream of matches.
     */
    public DataStream<PatternMatch> detect(final Pattern<V> pattern, final int maxKeys, final int maxAttemptsPerKey)
    {
        final PatternOperator<V> operator = new PatternOperator<>(key, pattern, maxKeys, maxAttemptsPerKey);
        stream.output.add(operator);
        stream.pipeline.register(operator);
        return new DataStream<>(stream.pipeline, operator.downstream, stream.source);
    }

    /**
     * Group each key's records into windows.
     *
     * @param spec of the windows.
     * @return the windowed stream.
     */
    public WindowedStream<V> window(final WindowSpec spec)
    {
        return new WindowedStream<>(this, spec);
    }
}
