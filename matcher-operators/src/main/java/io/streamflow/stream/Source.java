package io.streamflow.stream;

import org.agrona.DirectBuffer;

import java.util.function.ToLongFunction;

/**
 * Where records enter a pipeline. Each source has its own view type and its own notion of time: event time read
 * from the record, with a watermark that trails the highest timestamp seen by the bounded out-of-orderness; or
 * processing time, the timestamp the sequencer gave the record (never the wall clock), whose watermark is that
 * timestamp itself.
 * <p>
 * A source with nothing to say can be marked idle, so that operators with several inputs do not wait for it; its
 * next record makes it active again.
 *
 * @param <V> record view of this source.
 */
public final class Source<V extends Flyweight> implements Snapshottable
{
    private final String name;
    private final V view;
    private final ToLongFunction<V> eventTime;
    private final long maxOutOfOrdernessNs;
    final Fanout<V> downstream = new Fanout<>();
    private long maxTimestampNs = Long.MIN_VALUE;
    private long watermarkNs = Long.MIN_VALUE;
    private boolean isIdle;

    Source(final String name, final V view, final ToLongFunction<V> eventTime, final long maxOutOfOrdernessNs)
    {
        if (maxOutOfOrdernessNs < 0)
        {
            throw new IllegalArgumentException("out-of-orderness must not be negative: " + maxOutOfOrdernessNs);
        }
        this.name = name;
        this.view = view;
        this.eventTime = eventTime;
        this.maxOutOfOrdernessNs = maxOutOfOrdernessNs;
    }

    /**
     * @return the source's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return current watermark of this source.
     */
    public long watermarkNs()
    {
        return watermarkNs;
    }

    /**
     * Feed one record through the pipeline.
     *
     * @param buffer               holding the record.
     * @param offset               of the record.
     * @param length               of the record.
     * @param sequencedTimestampNs time the sequencer gave the record: the processing time.
     */
    public void push(final DirectBuffer buffer, final int offset, final int length, final long sequencedTimestampNs)
    {
        view.wrap(buffer, offset, length);
        final long timestampNs = null == eventTime ? sequencedTimestampNs : eventTime.applyAsLong(view);
        if (isIdle)
        {
            isIdle = false;
            downstream.onIdle(false);
        }

        downstream.onRecord(view, timestampNs);

        if (timestampNs > maxTimestampNs)
        {
            maxTimestampNs = timestampNs;
            final long candidate = null == eventTime ? timestampNs : timestampNs - maxOutOfOrdernessNs - 1;
            if (candidate > watermarkNs)
            {
                watermarkNs = candidate;
                downstream.onWatermark(candidate);
            }
        }
    }

    /**
     * The source will send nothing more: its watermark goes to the end of time, so every window downstream that
     * depends only on it fires.
     */
    public void endOfInput()
    {
        if (Long.MAX_VALUE != watermarkNs)
        {
            watermarkNs = Long.MAX_VALUE;
            downstream.onWatermark(Long.MAX_VALUE);
        }
    }

    /**
     * Declare the source idle until its next record.
     */
    public void markIdle()
    {
        if (!isIdle)
        {
            isIdle = true;
            downstream.onIdle(true);
        }
    }

    /**
     * {@inheritDoc}
     */
    public int stateType()
    {
        return 1;
    }

    /**
     * {@inheritDoc}
     */
    public void writeState(final StateWriter writer)
    {
        writer.putLong(maxTimestampNs);
        writer.putLong(watermarkNs);
        writer.putBoolean(isIdle);
    }

    /**
     * {@inheritDoc}
     */
    public void readState(final StateReader reader)
    {
        maxTimestampNs = reader.getLong();
        watermarkNs = reader.getLong();
        isIdle = reader.getBoolean();
    }
}
