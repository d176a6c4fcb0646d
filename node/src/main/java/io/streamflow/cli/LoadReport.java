package io.streamflow.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.client.load.LoadGenerator;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints a load's outcome for people (text) or scripts (one JSON object with stable keys).
 */
final class LoadReport
{
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99 };
    private static final String[] PERCENTILE_KEYS = { "p50", "p90", "p99", "p99_9", "p99_99" };

    private LoadReport()
    {
    }

    static void printText(
        final PrintWriter out, final String title, final LoadGenerator.Result result)
    {
        out.println(title);
        out.printf(Locale.ROOT, "sent %,d  acked %,d  rejected %,d  duplicates %,d  unanswered %,d%s%n",
            result.sent(), result.acked(), result.rejected(), result.duplicates(), result.unanswered(),
            result.sendFailures() > 0 ? "  send failures " + result.sendFailures() : "");
        out.printf(Locale.ROOT, "throughput %,.0f records/s over %.2f s%n",
            result.throughputPerSecond(), result.elapsedNs() / 1e9);
        final Histogram histogram = result.latencyNs();
        out.printf(Locale.ROOT,
            "round trip latency, us (from intended send time, coordinated omission corrected; %,d records measured " +
            "after %,d warm-up records):%n", histogram.getTotalCount(), result.warmupCount());
        final StringBuilder line = new StringBuilder(" ");
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            line.append(String.format(Locale.ROOT, " p%s %.2f", trim(PERCENTILES[i]),
                micros(histogram.getValueAtPercentile(PERCENTILES[i]))));
        }
        line.append(String.format(Locale.ROOT, "  max %.2f", micros(histogram.getMaxValue())));
        out.println(line);
        if (null != result.lastRejectReason())
        {
            out.println("last reject reason: " + result.lastRejectReason());
        }
    }

    static String json(final LoadGenerator.Result result, final Map<String, Object> extra)
    {
        final StringWriter text = new StringWriter();
        try (JsonGenerator json = new ObjectMapper().getFactory().createGenerator(text))
        {
            json.writeStartObject();
            json.writeNumberField("sent", result.sent());
            json.writeNumberField("acked", result.acked());
            json.writeNumberField("rejected", result.rejected());
            json.writeNumberField("duplicates", result.duplicates());
            json.writeNumberField("unanswered", result.unanswered());
            json.writeNumberField("send_failures", result.sendFailures());
            json.writeNumberField("throughput_per_s", Math.round(result.throughputPerSecond()));
            json.writeNumberField("elapsed_s", result.elapsedNs() / 1e9);
            json.writeNumberField("warmup_records", result.warmupCount());
            json.writeNumberField("measured_records", result.latencyNs().getTotalCount());
            json.writeObjectFieldStart("latency_us");
            final Histogram histogram = result.latencyNs();
            for (int i = 0; i < PERCENTILES.length; i++)
            {
                final long valueNs = histogram.getValueAtPercentile(PERCENTILES[i]);
                json.writeNumberField(PERCENTILE_KEYS[i], round2(micros(valueNs)));
            }
            json.writeNumberField("max", round2(micros(histogram.getMaxValue())));
            json.writeEndObject();
            for (final Map.Entry<String, Object> e : extra.entrySet())
            {
                json.writeObjectField(e.getKey(), e.getValue());
            }
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }

        return text.toString();
    }

    /**
     * @param histogramNs of durations in nanoseconds.
     * @return its p50, p90, p99 and max in milliseconds, rounded to 0.01 ms.
     */
    static Map<String, Double> percentilesMs(final Histogram histogramNs)
    {
        final Map<String, Double> ms = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++)
        {
            ms.put(PERCENTILE_KEYS[i], round2(histogramNs.getValueAtPercentile(PERCENTILES[i]) / 1e6));
        }
        ms.put("max", round2(histogramNs.getMaxValue() / 1e6));
        return ms;
    }

    /**
     * @param histogramNs of durations in nanoseconds.
     * @return its p50, p90, p99 and max in milliseconds, as text.
     */
    static String percentilesMsText(final Histogram histogramNs)
    {
        final StringBuilder text = new StringBuilder();
        percentilesMs(histogramNs).forEach((k, v) -> text.append(text.length() > 0 ? " " : "").append(k).append(' ')
            .append(v));
        return text.toString();
    }

    private static double micros(final long nanos)
    {
        return nanos / 1000.0;
    }

    private static double round2(final double value)
    {
        return Math.round(value * 100.0) / 100.0;
    }

    private static String trim(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }
}
