package io.streamflow.pipelines;

import io.streamflow.stream.Aggregations;
import io.streamflow.stream.Pipeline;
import io.streamflow.stream.RecordView;
import io.streamflow.stream.Source;
import io.streamflow.stream.WindowSpec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;
import java.util.Map;

/**
 * The telemetry example: sensor readings (device, metric, value, event time) aggregated per device and metric over
 * one-second tumbling windows in event time: count, min, max, mean and p50/p99 of the value. Readings may arrive up
 * to {@link #MAX_OUT_OF_ORDERNESS_NS} out of order; later ones go to the {@code telemetry-late} output, counted,
 * never silently dropped.
 * <p>
 * A reading as JSON ({@code time} in epoch milliseconds, {@code value} a non-negative integer, e.g. a latency in µs):
 * <pre>
 * {"device":17,"metric":1,"value":250,"time":1700000000123}
 * </pre>
 * A window result:
 * <pre>
 * {"window_start_ms":1700000000000,"window_end_ms":1700000001000,"device":17,"metric":1,"count":97,"min":12,
 *  "max":980,"mean":251.3,"p50":247,"p99":911}
 * </pre>
 */
public final class TelemetryPipeline implements PipelineDefinition
{
    /** The pipeline's name, and the name of its window output. */
    public static final String NAME = "telemetry";

    /** Name of the stream of readings. */
    public static final String INPUT_STREAM = "telemetry";

    /** Output of readings later than the window they belong to allows. */
    public static final String LATE_OUTPUT = "telemetry-late";

    /** Output stream id of the window results. */
    public static final int OUTPUT_STREAM_ID = 2100;

    /** Output stream id of the late readings. */
    public static final int LATE_OUTPUT_STREAM_ID = 2101;

    /** Window size. */
    public static final long WINDOW_NS = 1_000_000_000L;

    /** Bound on the disorder of readings' event times. */
    public static final long MAX_OUT_OF_ORDERNESS_NS = 200_000_000L;

    /** Largest value the percentiles track; larger ones count as this. */
    public static final long MAX_VALUE = 60_000_000L;

    /** Windows open at once, over all devices and metrics (each holds a histogram: ~20 KiB). */
    public static final int MAX_WINDOWS = 1024;
    private static final long NANOS_PER_MILLI = 1_000_000;
    private static final int METRIC_BITS = 16;

    /**
     * A reading: device, metric, value, event time (ns), little-endian longs.
     */
    public static final class Reading extends RecordView
    {
        /** Encoded length. */
        public static final int LENGTH = 4 * Long.BYTES;

        /**
         * @return the device.
         */
        public long device()
        {
            return buffer.getLong(offset);
        }

        /**
         * @return the metric, in [0, 65535].
         */
        public long metric()
        {
            return buffer.getLong(offset + Long.BYTES);
        }

        /**
         * @return the value.
         */
        public long value()
        {
            return buffer.getLong(offset + 2 * Long.BYTES);
        }

        /**
         * @return the event time, epoch nanoseconds.
         */
        public long timeNs()
        {
            return buffer.getLong(offset + 3 * Long.BYTES);
        }

        /**
         * @return the window key: device and metric together.
         */
        public long key()
        {
            return (device() << METRIC_BITS) | metric();
        }

        /**
         * Encode a reading at the start of a buffer.
         *
         * @param buffer to encode into.
         * @param device the reading is from.
         * @param metric it is of, in [0, 65535].
         * @param value  read, not negative.
         * @param timeNs event time, epoch nanoseconds.
         * @return its length.
         */
        public static int encode(
            final MutableDirectBuffer buffer, final long device, final long metric, final long value, final long timeNs)
        {
            buffer.putLong(0, device);
            buffer.putLong(Long.BYTES, metric);
            buffer.putLong(2 * Long.BYTES, value);
            buffer.putLong(3 * Long.BYTES, timeNs);
            return LENGTH;
        }

        static boolean isValid(final DirectBuffer buffer, final int offset, final int length)
        {
            if (LENGTH != length)
            {
                return false;
            }
            final long device = buffer.getLong(offset);
            final long metric = buffer.getLong(offset + Long.BYTES);
            final long value = buffer.getLong(offset + 2 * Long.BYTES);
            return device >= 0 && device < (1L << (63 - METRIC_BITS)) && metric >= 0 && metric < (1 << METRIC_BITS) &&
                value >= 0;
        }
    }

    /** Readings as JSON. */
    public static final RecordFormat READINGS = new RecordFormat()
    {
        private final Reading reading = new Reading();

        public int encode(final Map<String, String> fields, final MutableDirectBuffer buffer)
        {
            final long device = JsonFields.number(fields, "device");
            final long metric = JsonFields.number(fields, "metric");
            final long value = JsonFields.number(fields, "value");
            final long time = JsonFields.number(fields, "time");
            if (device < 0 || metric < 0 || metric >= (1 << METRIC_BITS) || value < 0)
            {
                throw new IllegalArgumentException("device and value must not be negative, metric in [0, 65535]");
            }
            return Reading.encode(buffer, device, metric, value, time * NANOS_PER_MILLI);
        }

        public void appendJson(final DirectBuffer buffer, final int offset, final int length, final StringBuilder json)
        {
            JsonFields.requireLength(length, Reading.LENGTH, "a reading");
            reading.wrap(buffer, offset, length);
            json.append('{');
            JsonFields.field(json, "device", reading.device());
            JsonFields.field(json, "metric", reading.metric());
            JsonFields.field(json, "value", reading.value());
            JsonFields.field(json, "time", reading.timeNs() / NANOS_PER_MILLI).append('}');
        }
    };

    /** Window results as JSON: the key split back into device and metric. */
    public static final RecordFormat WINDOWS = new WindowResultFormat(
        (json, key) -> JsonFields.field(JsonFields.field(json, "device", key >>> METRIC_BITS), "metric",
            key & ((1 << METRIC_BITS) - 1)),
        "count", "min", "max", "mean:double", "p50", "p99");

    private static final List<Output> OUTPUTS = List.of(
        new Output(NAME, OUTPUT_STREAM_ID, WINDOWS),
        new Output(LATE_OUTPUT, LATE_OUTPUT_STREAM_ID, READINGS));

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return NAME;
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "sensor readings per device and metric, 1 s tumbling windows: count, min, max, mean, p50, p99";
    }

    /**
     * {@inheritDoc}
     */
    public String inputStream()
    {
        return INPUT_STREAM;
    }

    /**
     * {@inheritDoc}
     */
    public RecordFormat inputFormat()
    {
        return READINGS;
    }

    /**
     * {@inheritDoc}
     */
    public List<Output> outputs()
    {
        return OUTPUTS;
    }

    /**
     * {@inheritDoc}
     */
    public InputRouter declare(final Pipeline pipeline, final OutputSinks sinks)
    {
        pipeline.source("readings", new Reading(), Reading::timeNs, MAX_OUT_OF_ORDERNESS_NS)
            .keyBy(Reading::key)
            .window(WindowSpec.tumbling(WINDOW_NS))
            .maxWindows(MAX_WINDOWS)
            .lateOutput(sinks.sink(LATE_OUTPUT))
            .aggregate(
                Aggregations.min(Reading::value),
                Aggregations.max(Reading::value),
                Aggregations.mean(Reading::value),
                Aggregations.percentiles(Reading::value, MAX_VALUE, MAX_WINDOWS, 50, 99))
            .to(sinks.sink(NAME));
        final Source<?> readings = pipeline.source("readings");
        return (buffer, offset, length) -> Reading.isValid(buffer, offset, length) ? readings : null;
    }
}
