package io.streamflow.cli;

import io.aeron.logbuffer.FragmentHandler;
import io.streamflow.client.OutputSubscription;
import io.streamflow.client.EgressListener;
import io.streamflow.client.OutputRecords;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadTarget;
import io.streamflow.pipelines.TelemetryPipeline;
import io.streamflow.stream.WindowResult;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sensor readings to the node's telemetry pipeline: {@link #DEVICES} devices × {@link #METRICS} metrics, values like
 * latencies in µs, event times up to {@link #MAX_DISORDER_NS} behind the send time (inside the pipeline's bound).
 * Acks are the round trip; the window results that come back on the telemetry output are counted, the last few kept
 * for printing, and each one's watermark lag (its arrival time minus its window's end, in event time) recorded.
 * <p>
 * Not thread safe: runs on the load generator's thread.
 */
public final class TelemetryTarget implements LoadTarget
{
    /** Devices the readings rotate through. */
    public static final int DEVICES = 64;
    /** Metrics per device. */
    public static final int METRICS = 4;
    /** Most a reading's event time trails its send time. */
    public static final long MAX_DISORDER_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int KEPT = 5;

    private final StreamFlowClient client;
    private final int streamId;
    private final OutputSubscription windows;
    private final FragmentHandler windowAssembler = OutputRecords.handler(this::onWindow);
    private final EpochNanoClock clock = new OffsetEpochNanoClock();
    private final SplittableRandom random = new SplittableRandom(7);
    private final UnsafeBuffer reading = new UnsafeBuffer(new byte[TelemetryPipeline.Reading.LENGTH]);
    private final Histogram watermarkLagNs = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    private final WindowResult window = new WindowResult();
    private final ArrayDeque<String> lastWindows = new ArrayDeque<>();
    private final StringBuilder json = new StringBuilder();
    private long sent;
    private long windowCount;

    /**
     * @param client   connected to a node running the telemetry pipeline.
     * @param streamId of the node's telemetry stream.
     * @param windows  subscription to the pipeline's window output.
     */
    public TelemetryTarget(final StreamFlowClient client, final int streamId, final OutputSubscription windows)
    {
        this.client = client;
        this.streamId = streamId;
        this.windows = windows;
    }

    /**
     * {@inheritDoc}
     */
    public long nextSequence()
    {
        return client.nextClientSequence();
    }

    /**
     * {@inheritDoc}
     */
    public long offer(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer ignored,
        final int payloadOffset,
        final int payloadLength,
        final long sendTimeNs)
    {
        final long timeNs = clock.nanoTime() - random.nextLong(MAX_DISORDER_NS);
        final long value = 50 + (long)(-200 * Math.log(1 - random.nextDouble()));
        TelemetryPipeline.Reading.encode(reading, sent % DEVICES, (sent / DEVICES) % METRICS, value, timeNs);
        final long result = client.offerRecord(streamId, timeNs, null, 0, 0, reading, 0, reading.capacity());
        if (result >= 0)
        {
            sent++;
        }
        return result;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        return client.poll(listener, fragmentLimit) + windows.poll(windowAssembler, fragmentLimit);
    }

    /**
     * @return window results received.
     */
    public long windowCount()
    {
        return windowCount;
    }

    /**
     * @return each window result's arrival time less its window's end, in nanoseconds.
     */
    public Histogram watermarkLagNs()
    {
        return watermarkLagNs;
    }

    /**
     * @return the last few window results, as JSON.
     */
    public Iterable<String> lastWindows()
    {
        return lastWindows;
    }

    private void onWindow(
        final long engineSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        window.wrap(buffer, offset, length);
        windowCount++;
        final long lagNs = clock.nanoTime() - window.windowEnd();
        watermarkLagNs.recordValue(Math.max(0, Math.min(lagNs, watermarkLagNs.getHighestTrackableValue())));

        json.setLength(0);
        TelemetryPipeline.WINDOWS.appendJson(buffer, offset, length, json);
        if (lastWindows.size() == KEPT)
        {
            lastWindows.removeFirst();
        }
        lastWindows.addLast(json.toString());
    }
}
