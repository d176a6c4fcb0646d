package io.streamflow.stream;

import java.util.function.ToLongFunction;

/**
 * A stream partitioned by a long key.
 *
 * @param <V> record view.
 */
public final class KeyedStream<V>
{
    final DataStream<V> stream;
    final ToLongFunction<V> key;

    KeyedStream(final DataStream<V> stream, final ToLongFunction<V> key)
    {
        this.stream = stream;
        this.key = key;
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
