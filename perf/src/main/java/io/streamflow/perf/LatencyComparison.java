package io.streamflow.perf;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.sequencer.StreamFlowNode;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One run, one harness, one machine: the same open-loop load (fixed rate, latency from intended send time) against a
 * bare Aeron IPC ping-pong and against a StreamFlow node (IPC, journal on), one after the other in one JVM, each
 * with its own threads stopped before the next starts. Prints both distributions and their ratio.
 * <pre>
 *   bin/perf compare [--count N] [--rate R] [--warmup N] [--idle-strategy S] [--journal-dir DIR]
 * </pre>
 */
public final class LatencyComparison
{
    private LatencyComparison()
    {
    }

    /**
     * @param args options as above.
     * @throws Exception if a run cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        long count = 1_000_000;
        long rate = 100_000;
        String idleStrategy = io.streamflow.sequencer.NodeConfiguration.IDLE_STRATEGY_DEFAULT;
        File journalParent = null;
        long warmup = -1;
        for (int i = 0; i < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--count" -> count = Long.parseLong(args[i + 1]);
                case "--rate" -> rate = Long.parseLong(args[i + 1]);
                case "--idle-strategy" -> idleStrategy = args[i + 1];
                case "--journal-dir" -> journalParent = new File(args[i + 1]);
                case "--warmup" -> warmup = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] +
                    "; use --count N --rate R --idle-strategy S --journal-dir DIR");
            }
        }

        final LoadGenerator.Settings settings = new LoadGenerator.Settings(
            count, rate, warmup >= 0 ? warmup : 3 * (rate > 0 ? rate : 100_000), 64, 1, 1024, 4096,
            TimeUnit.SECONDS.toNanos(10));
        final List<String> rows = new ArrayList<>();

        final LoadGenerator.Result raw;
        try (RawAeronEcho echo = new RawAeronEcho(
            io.aeron.driver.Configuration.agentIdleStrategy(idleStrategy, null)))
        {
            raw = LoadGenerator.run(echo, settings);
        }
        rows.add(row("raw Aeron IPC ping-pong", raw));

        final File dir = null == journalParent ?
            Files.createTempDirectory("streamflow-compare").toFile() :
            Files.createTempDirectory(journalParent.toPath(), "streamflow-compare").toFile();
        final LoadGenerator.Result engine;
        try (StreamFlowNode node = StreamFlowNode.launch(PerfNodes.ipcNode(dir).idleStrategy(idleStrategy));
            StreamFlowClient client = PerfNodes.client(node))
        {
            engine = LoadGenerator.run(client, settings);
        }
        finally
        {
            IoUtil.delete(dir, true);
        }
        rows.add(row("StreamFlow records, IPC, journal on", engine));

        System.out.printf(Locale.ROOT, "%,d messages of 64 B at %,d/s after %,d warm-up; node idle %s; " +
            "journal in %s%n", count, rate, settings.warmupCount(), idleStrategy,
            null == journalParent ? System.getProperty("java.io.tmpdir") : journalParent);
        System.out.println("scenario                              |  p50 us |  p90 us |  p99 us | p99.9 us | " +
            "p99.99 us |  max us | throughput/s | unanswered");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "ratio StreamFlow / raw Aeron: p50 %.1fx, p99 %.1fx, p99.9 %.1fx%n",
            ratio(engine, raw, 50), ratio(engine, raw, 99), ratio(engine, raw, 99.9));
    }

    private static String row(final String name, final LoadGenerator.Result result)
    {
        final Histogram h = result.latencyNs();
        return String.format(Locale.ROOT, "%-37s | %7.2f | %7.2f | %7.2f | %8.2f | %9.2f | %7.1f | %,12.0f | %d",
            name, us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
            us(h.getValueAtPercentile(99.9)), us(h.getValueAtPercentile(99.99)), us(h.getMaxValue()),
            result.throughputPerSecond(), result.unanswered());
    }

    private static double ratio(final LoadGenerator.Result a, final LoadGenerator.Result b, final double percentile)
    {
        return (double)a.latencyNs().getValueAtPercentile(percentile) /
            Math.max(1, b.latencyNs().getValueAtPercentile(percentile));
    }

    private static double us(final long nanos)
    {
        return nanos / 1000.0;
    }
}
