package io.streamflow.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.sequencer.NodeConfiguration;

import java.io.File;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/streamflow bench}: the standard suite, every scenario in one run so that the ratios hold. Each scenario
 * is offered a fixed rate by one sender for a duration (after a warm-up at the same rate, not measured), latency
 * measured from each message's intended send time (coordinated omission corrected) into an HdrHistogram. Then, with
 * {@code --rates}, StreamFlow records over IPC at each rate, to find the highest whose p99 stays under
 * {@code --p99-bound-us}. Results go to {@code perf/results/<date-time>/} (see {@link BenchReport}).
 * <pre>
 *   bin/streamflow bench [--duration S] [--warmup S] [--rate R] [--rates R,R,...] [--sweep-duration S]
 *                        [--p99-bound-us U] [--scenarios a,b,...] [--out DIR] [--journal-dir DIR] [--no-png]
 * </pre>
 * Rates take k and M suffixes (10k, 1M).
 */
public final class Bench
{
    private static final String USAGE = String.join("\n",
        "Usage: bin/streamflow bench [--duration S] [--warmup S] [--rate R] [--rates R,R,...] [--sweep-duration S]",
        "                            [--p99-bound-us U] [--scenarios a,b,...] [--out DIR] [--journal-dir DIR]",
        "                            [--no-png]",
        "Runs every scenario in one run, each offered a fixed rate by one sender for a duration after a warm-up",
        "(not measured), latency from intended send time (coordinated omission corrected), and writes",
        "perf/results/<date-time>/: one .hgrm per scenario, summary.json (throughput, p50..max in us, ratios to",
        "the floors, machine facts), report.html (all percentile curves on one chart, works offline) and, with a",
        "chromium installed, report.png.",
        "  --duration S        measured seconds per scenario (default 10)",
        "  --warmup S          warm-up seconds per scenario, same rate (default 3)",
        "  --rate R            offered messages/s (default 100k; k and M suffixes)",
        "  --rates R,R,...     also sweep StreamFlow records over IPC over these rates, and report the highest",
        "                      whose p99 stays under --p99-bound-us (default 1000)",
        "  --sweep-duration S  measured seconds per sweep rate (default 5)",
        "  --scenarios a,b     only these: " + String.join(", ", Scenarios.all().stream().map(Scenario::name)
            .toList()) + ", " + Peers.KAFKA + ", " + Peers.EXCHANGE_CORE + " and " + Peers.FLINK +
            " (peers, each in its own JVM)",
        "  --out DIR           results folder (default perf/results/<date-time>)",
        "  --journal-dir DIR   where the scenarios' journals go (default the temporary directory); its file system",
        "                      decides the tail: see perf/README.md",
        "  --no-png            no screenshot of the report",
        "  --latency-config    the latency configuration for small machines: the node's one thread busy-spins",
        "                      pinned to the last CPU, the sender parks while it waits (see perf/README.md)",
        "  --node-idle S       the node's idle strategy (spin, yield, backoff, ...; default backoff)",
        "  --sender-wait W     what the sender does while it waits: spin (default), yield or park",
        "Usage: bin/streamflow bench --gc [FILTER]",
        "Runs the hot-path JMH benchmarks under the GC profiler instead, and fails (exit 1) when any allocates more",
        "than " + AllocationGate.MAX_BYTES_PER_OP + " B/op in steady state; FILTER narrows them (e.g. Nexmark).");
    private static final int PAYLOAD_BYTES = 64;
    private static final int MAX_IN_FLIGHT = 4096;
    private static LoadGenerator.SenderWait senderWait = LoadGenerator.SenderWait.SPIN;

    private Bench()
    {
    }

    /**
     * @param args options as above.
     * @throws Exception if the results cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        long durationS = 10;
        long warmupS = 3;
        long rate = 100_000;
        long sweepDurationS = 5;
        long p99BoundUs = 1_000;
        List<Long> rates = List.of();
        List<String> only = null;
        File out = null;
        senderWait = LoadGenerator.SenderWait.SPIN;
        File journalParent = new File(System.getProperty("java.io.tmpdir"));
        boolean png = true;
        boolean latencyConfig = false;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                System.out.println(USAGE);
                return;
            }
            if ("--gc".equals(arg))
            {
                System.exit(AllocationGate.run(i + 1 < args.length ? args[i + 1] : null) ? 0 : 1);
            }
            if ("--no-png".equals(arg))
            {
                png = false;
                continue;
            }
            if ("--latency-config".equals(arg))
            {
                latencyConfig = true;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(arg + " needs a value; see bin/streamflow bench --help");
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--duration" -> durationS = Long.parseLong(value);
                case "--warmup" -> warmupS = Long.parseLong(value);
                case "--rate" -> rate = parseRate(value);
                case "--rates" -> rates = Arrays.stream(value.split(",")).map(Bench::parseRate).toList();
                case "--sweep-duration" -> sweepDurationS = Long.parseLong(value);
                case "--p99-bound-us" -> p99BoundUs = Long.parseLong(value);
                case "--scenarios" -> only = Arrays.asList(value.split(","));
                case "--out" -> out = new File(value);
                case "--journal-dir" -> journalParent = new File(value);
                case "--sender-wait" -> senderWait = LoadGenerator.SenderWait.parse(value);
                case "--node-idle" -> System.setProperty(NodeConfiguration.IDLE_STRATEGY_PROP_NAME, value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --duration S " +
                    "--warmup S --rate R --rates R,R --sweep-duration S --p99-bound-us U --scenarios a,b --out DIR " +
                    "--journal-dir DIR --no-png --latency-config --node-idle S --sender-wait W");
            }
        }
        if (durationS <= 0 || warmupS < 0 || rate <= 0 || p99BoundUs <= 0)
        {
            throw new IllegalArgumentException("duration and rate must be positive, warm-up not negative");
        }
        final File dir = null != out ? out : new File("perf/results",
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC)));

        if (!journalParent.isDirectory())
        {
            throw new IllegalArgumentException("--journal-dir " + journalParent + " is not a directory");
        }

        if (latencyConfig)
        {
            useLatencyConfig();
        }
        final long startNs = System.nanoTime();
        final List<Scenario> scenarios = Scenarios.all(journalParent);
        final List<ScenarioResult> results = new ArrayList<>();
        for (final Scenario scenario : scenarios)
        {
            if (null == only || only.contains(scenario.name()))
            {
                results.add(run(scenario, rate, durationS, warmupS));
            }
        }
        final ObjectMapper mapper = new ObjectMapper();
        final Peers peers = Peers.run(mapper, scenarios, rate, durationS, warmupS, only);
        results.addAll(peers.results());
        final ObjectNode sweep = rates.isEmpty() ? null : sweep(scenarios, rates, sweepDurationS, warmupS,
            p99BoundUs);

        final ObjectNode settings = mapper.createObjectNode()
            .put("offered_rate_per_s", rate)
            .put("duration_s", durationS)
            .put("warmup_s", warmupS)
            .put("payload_bytes", PAYLOAD_BYTES)
            .put("max_in_flight", MAX_IN_FLIGHT)
            .put("journal_filesystem", Files.getFileStore(journalParent.toPath()).type());
        final String method = String.format(Locale.ROOT, "Each scenario: %,d messages/s offered for %d s by one " +
            "sender (after %d s of warm-up at the same rate, not measured), %d B payloads, latency from each " +
            "message's intended send time to its answer (coordinated omission corrected), HdrHistogram. All " +
            "scenarios in one run, one after the other, on this machine.", rate, durationS, warmupS, PAYLOAD_BYTES);
        final BenchReport report = new BenchReport(dir);
        final ObjectNode summary = report.write(method, settings, results, sweep, peers.status(), peers.throughput());
        final File chart = png ? report.screenshot() : null;

        print(results, summary);
        System.out.printf(Locale.ROOT, "results in %s (%s), %.0f s%n", dir.getPath(),
            null == chart ? "summary.json, report.html, *.hgrm" : "summary.json, report.html, report.png, *.hgrm",
            (System.nanoTime() - startNs) / 1e9);
        System.exit(results.stream().filter((r) -> !r.scenario().name().startsWith("peer-"))
            .allMatch(ScenarioResult::isComplete) ? 0 : 1);
    }

    /**
     * The latency configuration for small machines: one spinning thread in the whole node (SHARED threading, busy
     * spin, pinned to the last CPU), and a sender that does not spin (parked while it waits), so that the node's
     * thread is the only one that keeps a core busy. Confining every other thread to the other CPUs as well was
     * measured, and was worse: they then queue behind one another on one core (perf/README.md).
     */
    private static void useLatencyConfig()
    {
        final int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2)
        {
            throw new IllegalArgumentException("--latency-config needs at least 2 CPUs, this machine has " + cpus);
        }
        final int nodeCpu = cpus - 1;
        System.setProperty(NodeConfiguration.IDLE_STRATEGY_PROP_NAME, "spin");
        System.setProperty(NodeConfiguration.SEQUENCER_CPU_PROP_NAME, Integer.toString(nodeCpu));
        senderWait = LoadGenerator.SenderWait.PARK;
        System.out.printf(Locale.ROOT, "latency config: the node's one thread busy-spins pinned to cpu %d; the " +
            "sender parks while it waits%n", nodeCpu);
    }

    static long parseRate(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        final long multiplier = t.endsWith("k") ? 1_000 : t.endsWith("m") ? 1_000_000 : 1;
        return Long.parseLong(multiplier > 1 ? t.substring(0, t.length() - 1) : t) * multiplier;
    }

    private static ScenarioResult run(
        final Scenario scenario, final long rate, final long durationS, final long warmupS)
    {
        System.out.printf(Locale.ROOT, "%s: %,d/s for %d s (+%d s warm-up) ...%n", scenario.title(), rate, durationS,
            warmupS);
        try (HiccupMeter meter = HiccupMeter.start())
        {
            final LoadGenerator.Result result = scenario.runner().run(settings(rate, durationS, warmupS));
            return new ScenarioResult(scenario, rate, result, null,
                meter.window(result.startNs(), result.startNs() + result.elapsedNs()));
        }
        catch (final Exception | LinkageError ex)
        {
            System.out.println("  could not run: " + ex);
            return ScenarioResult.failed(scenario, rate, ex.toString());
        }
    }

    private static LoadGenerator.Settings settings(final long rate, final long durationS, final long warmupS)
    {
        return new LoadGenerator.Settings(rate * durationS, rate, rate * warmupS, PAYLOAD_BYTES, 1, 1024,
            MAX_IN_FLIGHT, TimeUnit.SECONDS.toNanos(10), senderWait);
    }

    /**
     * @param count messages to send.
     * @return a load that sends them as fast as the target takes them (at most the usual number in flight), after a
     * fifth as many to warm up.
     */
    static LoadGenerator.Settings maxThroughputSettings(final long count)
    {
        return new LoadGenerator.Settings(count, 0, count / 5, PAYLOAD_BYTES, 1, 1024, MAX_IN_FLIGHT,
            TimeUnit.SECONDS.toNanos(30));
    }

    private static ObjectNode sweep(
        final List<Scenario> scenarios,
        final List<Long> rates,
        final long durationS,
        final long warmupS,
        final long p99BoundUs)
    {
        final Scenario records = scenarios.stream()
            .filter((s) -> Scenarios.RECORDS_IPC.equals(s.name())).findFirst().orElseThrow();
        final ObjectNode sweep = new ObjectMapper().createObjectNode()
            .put("scenario", records.name())
            .put("p99_bound_us", p99BoundUs)
            .put("duration_s", durationS);
        final ArrayNode points = sweep.putArray("rates");
        long best = 0;
        for (final long rate : rates)
        {
            final ScenarioResult r = run(records, rate, durationS, warmupS);
            final ObjectNode point = points.addObject().put("offered_rate_per_s", rate);
            if (null == r.result())
            {
                point.put("failure", r.failure());
                continue;
            }
            final double p99 = r.latencyUs(99);
            final boolean within = p99 <= p99BoundUs && r.isComplete();
            point.put("throughput_per_s", Math.round(r.result().throughputPerSecond()))
                .put("p99_us", BenchReport.round2(p99))
                .put("within_bound", within);
            if (within)
            {
                best = Math.max(best, rate);
            }
        }
        sweep.put("highest_rate_within_bound", best);
        return sweep;
    }

    private static void print(final List<ScenarioResult> results, final ObjectNode summary)
    {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-48s %12s %9s %9s %9s %10s %16s  %s%n", "scenario", "throughput/s",
            "p50 us", "p99 us", "p99.9 us", "max us", "hiccup p99/max", "");
        for (int i = 0; i < results.size(); i++)
        {
            final ScenarioResult r = results.get(i);
            if (null == r.result())
            {
                System.out.printf(Locale.ROOT, "%-48s could not run: %s%n", r.scenario().title(), r.failure());
                continue;
            }
            final String hiccups = null == r.hiccups() ? "" : String.format(Locale.ROOT, "%.0f/%.0f",
                r.hiccupUs(99), r.hiccups().lateNs().getMaxValue() / 1000.0);
            System.out.printf(Locale.ROOT, "%-48s %,12.0f %9.2f %9.2f %9.2f %10.1f %16s  %s%n", r.scenario().title(),
                r.result().throughputPerSecond(), r.latencyUs(50), r.latencyUs(99), r.latencyUs(99.9), r.maxUs(),
                hiccups, summary.get("scenarios").get(i).path("vs_floor").asText(""));
        }
        if (summary.has("rate_sweep"))
        {
            final ObjectNode sweep = (ObjectNode)summary.get("rate_sweep");
            final long best = sweep.get("highest_rate_within_bound").asLong();
            System.out.printf(Locale.ROOT, "highest rate with %s p99 under %d us: %s%n",
                sweep.get("scenario").asText(), sweep.get("p99_bound_us").asLong(),
                0 == best ? "none of the rates tried" : String.format(Locale.ROOT, "%,d/s", best));
        }
        summary.get("throughput_comparisons").forEach((c) -> System.out.printf(Locale.ROOT,
            "%s: StreamFlow %,d, %s %,d (StreamFlow %.2f×; results %d / %d)%n", c.get("name").asText(),
            c.get("streamflow").asLong(), c.get("peer").asText(), c.get("peer_value").asLong(),
            c.get("ratio_streamflow_to_peer").asDouble(), c.get("results_streamflow").asLong(),
            c.get("results_peer").asLong()));
        summary.get("peers").forEach((p) -> System.out.println("peer " + p.get("name").asText() + ": " +
            p.get("status").asText() + (p.has("max_throughput_per_s") ? String.format(Locale.ROOT,
            ", max throughput %,d/s", p.get("max_throughput_per_s").asLong()) : "")));
    }
}
