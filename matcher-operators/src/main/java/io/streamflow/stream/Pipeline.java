package io.streamflow.stream;

import io.streamflow.operators.StateHash;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A streaming pipeline, declared with a small fluent API in the spirit of Flink's DataStream and compiled as it is
 * declared into a chain of operators. Declaring allocates (operators, pools sized from the declaration); running
 * does not: records pushed into a {@link Source} pass through the chain on the caller's thread.
 * <pre>
 *   Pipeline pipeline = new Pipeline();
 *   DataStream&lt;BidView&gt; bids = pipeline.source("bids", new BidView(), BidView::dateTime, 2_000_000_000L);
 *   bids.keyBy(BidView::auction)
 *       .window(WindowSpec.sliding(10_000_000_000L, 2_000_000_000L))
 *       .aggregate(Aggregations.count())
 *       .to(results);
 * </pre>
 * Not thread safe: one thread declares it, one thread runs it.
 */
public final class Pipeline
{
    private final List<Source<?>> sources = new ArrayList<>();
    private static final int SNAPSHOT_MAGIC = 0x53465053;
    private static final int SNAPSHOT_VERSION = 1;

    private final List<Counted> counted = new ArrayList<>();
    private final List<Snapshottable> parts = new ArrayList<>();
    private final ExpandableArrayBuffer hashScratch = new ExpandableArrayBuffer(4096);
    private final List<DedupOperator<?>> dedups = new ArrayList<>();
    private int defaultMaxWindows = 1 << 16;

    /**
     * @param maxWindows windows a windowed operator may hold open at once, unless the declaration says otherwise.
     * @return this for a fluent API.
     */
    public Pipeline defaultMaxWindows(final int maxWindows)
    {
        this.defaultMaxWindows = maxWindows;
        return this;
    }

    int defaultMaxWindows()
    {
        return defaultMaxWindows;
    }

    /**
     * A source in event time: timestamps read from the records, watermark trailing the highest by a bound.
     *
     * @param name                of the source.
     * @param view                flyweight the source's records are read through.
     * @param eventTime           reads a record's event time, in nanoseconds.
     * @param maxOutOfOrdernessNs how far records may come out of timestamp order.
     * @param <V>                 record view.
     * @return the stream of the source's records.
     */
    public <V extends Flyweight> DataStream<V> source(
        final String name, final V view, final ToLongFunction<V> eventTime, final long maxOutOfOrdernessNs)
    {
        final Source<V> source = new Source<>(name, view, eventTime, maxOutOfOrdernessNs);
        sources.add(source);
        parts.add(source);
        return new DataStream<>(this, source.downstream, source);
    }

    /**
     * A source in processing time: each record's timestamp is the one the sequencer gave it.
     *
     * @param name of the source.
     * @param view flyweight the source's records are read through.
     * @param <V>  record view.
     * @return the stream of the source's records.
     */
    public <V extends Flyweight> DataStream<V> processingTimeSource(final String name, final V view)
    {
        final Source<V> source = new Source<>(name, view, null, 0);
        sources.add(source);
        parts.add(source);
        return new DataStream<>(this, source.downstream, source);
    }

    /**
     * @param name of a declared source.
     * @return the source, to push records into.
     * @throws IllegalArgumentException when there is none of that name.
     */
    public Source<?> source(final String name)
    {
        for (final Source<?> source : sources)
        {
            if (source.name().equals(name))
            {
                return source;
            }
        }
        throw new IllegalArgumentException("no source named " + name);
    }

    /**
     * End the input of every source: each watermark goes to the end of time, so every window still open closes and
     * emits now (a replay over a range of history ends so).
     */
    public void endOfInput()
    {
        for (final Source<?> source : sources)
        {
            source.endOfInput();
        }
    }

    /**
     * @return records sent to late outputs, over all windowed operators.
     */
    public long lateRecords()
    {
        long total = 0;
        for (final Counted operator : counted)
        {
            total += operator.lateRecords();
        }
        return total;
    }

    /**
     * @return records refused because a windowed operator was full, over all of them.
     */
    public long capacityRejects()
    {
        long total = 0;
        for (final Counted operator : counted)
        {
            total += operator.capacityRejects();
        }
        return total;
    }

    void register(final Counted operator)
    {
        counted.add(operator);
        if (operator instanceof Snapshottable)
        {
            parts.add((Snapshottable)operator);
        }
    }

    void registerDedup(final DedupOperator<?> dedup)
    {
        dedups.add(dedup);
        parts.add(dedup);
    }

    /**
     * Write the state of every source and operator, in declaration order, canonically encoded.
     *
     * @param buffer to write to; grows to fit.
     * @param offset to write at.
     * @return bytes written.
     */
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        final StateWriter writer = new StateWriter(buffer, offset);
        writer.putInt(SNAPSHOT_MAGIC);
        writer.putInt(SNAPSHOT_VERSION);
        writer.putInt(parts.size());
        for (final Snapshottable part : parts)
        {
            writer.putInt(part.stateType());
            final int lengthAt = writer.position();
            writer.putInt(0);
            part.writeState(writer);
            buffer.putInt(lengthAt, writer.position() - lengthAt - Integer.BYTES, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        return writer.position() - offset;
    }

    /**
     * Rebuild every source's and operator's state from a snapshot of an identically declared pipeline. This
     * pipeline must not have run yet; afterwards it behaves exactly as the one that took the snapshot.
     *
     * @param buffer holding the snapshot.
     * @param offset of the snapshot.
     * @param length of the snapshot.
     * @throws IllegalArgumentException when the snapshot is malformed.
     * @throws IllegalStateException when it is of another pipeline, or does not fit this one.
     */
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        final StateReader reader = new StateReader(buffer, offset, length);
        if (SNAPSHOT_MAGIC != reader.getInt() || SNAPSHOT_VERSION != reader.getInt())
        {
            throw new IllegalArgumentException("not a pipeline snapshot of version " + SNAPSHOT_VERSION);
        }
        if (reader.getInt() != parts.size())
        {
            throw new IllegalStateException("snapshot was taken of a pipeline with another shape");
        }
        for (final Snapshottable part : parts)
        {
            final int type = reader.getInt();
            if (type != part.stateType())
            {
                throw new IllegalStateException("snapshot was taken of a pipeline with another shape: part type " +
                    type + " where " + part.stateType() + " is declared");
            }
            final int partLength = reader.getInt();
            final StateReader partReader = new StateReader(buffer, reader.position(), partLength);
            part.readState(partReader);
            if (0 != partReader.remaining())
            {
                throw new IllegalArgumentException("snapshot part of type " + type + " has " +
                    partReader.remaining() + " bytes left over");
            }
            reader.skip(partLength);
        }
        if (0 != reader.remaining())
        {
            throw new IllegalArgumentException("snapshot has " + reader.remaining() + " bytes after its last part");
        }
    }

    /**
     * @return hash of the whole state: equal for pipelines that will behave identically from here on.
     */
    public long stateHash()
    {
        final int length = snapshot(hashScratch, 0);
        return StateHash.of(hashScratch, 0, length);
    }

    /**
     * @return records dropped as duplicates, over all dedup steps.
     */
    public long duplicates()
    {
        long total = 0;
        for (final DedupOperator<?> dedup : dedups)
        {
            total += dedup.duplicates;
        }
        return total;
    }

    List<Source<?>> sources()
    {
        return sources;
    }
}
