package io.streamflow.perf;

import io.streamflow.client.load.LoadGenerator;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.rollcycles.SparseRollCycles;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/perf journal-levers}: a bare Chronicle Queue append at a fixed rate, once per lever, in one run, each next
 * to what the hiccup meter saw meanwhile: Chronicle's defaults, then each of the options Chronicle offers for its
 * append stalls (sync mode, block size, a sparse index, its micro-touch), then turning the kernel's read-ahead off on
 * the writer's mappings, then StreamFlow's setup. perf/README.md keeps what each gave.
 * <pre>
 *   bin/perf journal-levers [--duration S] [--rate R] [--journal-dir DIR] [--only a,b]
 * </pre>
 */
public final class JournalLevers
{
    static final List<ChronicleAppendTarget.Setup> LEVERS = List.of(
        ChronicleAppendTarget.DEFAULTS,
        new ChronicleAppendTarget.Setup("sync-none", "syncMode(NONE): no msync as chunks are released",
            (b) -> b.syncMode(SyncMode.NONE), false, false, false),
        new ChronicleAppendTarget.Setup("block-4m", "blockSize(4 MB): smaller chunks, mapped more often",
            (b) -> b.blockSize(4L << 20), false, false, false),
        new ChronicleAppendTarget.Setup("block-1g", "blockSize(1 GB): one chunk for a long time",
            (b) -> b.blockSize(1L << 30), false, false, false),
        new ChronicleAppendTarget.Setup("sparse-index", "SparseRollCycles.LARGE_HOURLY_SPARSE: fewer index writes",
            (b) -> b.rollCycle(SparseRollCycles.LARGE_HOURLY_SPARSE), false, false, false),
        new ChronicleAppendTarget.Setup("micro-touch", "micro-touch: an idle writer faults in its next page",
            (b) -> { }, false, true, false),
        new ChronicleAppendTarget.Setup("read-ahead-off", "madvise(MADV_RANDOM) on each chunk the writer maps",
            (b) -> { }, true, false, false),
        new ChronicleAppendTarget.Setup("prefault", "a thread of its own faults in the pages ahead of the writer",
            (b) -> { }, false, false, true),
        ChronicleAppendTarget.AS_STREAMFLOW);

    private JournalLevers()
    {
    }

    /**
     * @param args options as above.
     * @throws Exception when a queue cannot be made.
     */
    public static void main(final String[] args) throws Exception
    {
        long durationS = 10;
        long rate = 100_000;
        File parent = new File(System.getProperty("java.io.tmpdir"));
        List<String> only = null;
        for (int i = 0; i < args.length; i += 2)
        {
            if ("--help".equals(args[i]) || "-h".equals(args[i]))
            {
                System.out.println("Usage: bin/perf journal-levers [--duration S] [--rate R] [--journal-dir DIR] " +
                    "[--only a,b]\nlevers: " + String.join(", ", LEVERS.stream().map((l) -> l.name()).toList()));
                return;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i])
            {
                case "--duration" -> durationS = Long.parseLong(args[i + 1]);
                case "--rate" -> rate = Bench.parseRate(args[i + 1]);
                case "--journal-dir" -> parent = new File(args[i + 1]);
                case "--only" -> only = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i] +
                    "; options: --duration S --rate R --journal-dir DIR --only a,b");
            }
        }
        System.out.printf(Locale.ROOT, "bare Chronicle append of 72 B at %,d/s for %d s (+3 s warm-up) each, on %s " +
            "(%s)%n", rate, durationS, parent, Files.getFileStore(parent.toPath()).type());
        System.out.printf(Locale.ROOT, "%-16s %9s %9s %9s %10s %18s  %s%n", "lever", "p50 us", "p99 us", "p99.9 us",
            "max us", "hiccup p99/max us", "what");
        final LoadGenerator.Settings settings = new LoadGenerator.Settings(rate * durationS, rate, rate * 3, 64, 1,
            1024, 4096, TimeUnit.SECONDS.toNanos(10));
        for (final ChronicleAppendTarget.Setup lever : LEVERS)
        {
            if (null != only && !only.contains(lever.name()))
            {
                continue;
            }
            final LoadGenerator.Result result;
            final HiccupMeter.Window hiccups;
            try (HiccupMeter meter = HiccupMeter.start();
                ChronicleAppendTarget target = new ChronicleAppendTarget(
                    Files.createTempDirectory(parent.toPath(), "streamflow-levers").toFile(), lever))
            {
                result = LoadGenerator.run(target, settings);
                hiccups = meter.window(result.startNs(), result.startNs() + result.elapsedNs());
            }
            final Histogram h = result.latencyNs();
            System.out.printf(Locale.ROOT, "%-16s %9.2f %9.1f %9.1f %10.1f %18s  %s%n", lever.name(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                String.format(Locale.ROOT, "%.0f/%.0f", hiccups.lateNs().getValueAtPercentile(99) / 1e3,
                hiccups.lateNs().getMaxValue() / 1e3), lever.description());
        }
    }
}
