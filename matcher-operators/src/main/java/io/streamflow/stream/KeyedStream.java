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
