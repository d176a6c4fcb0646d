package io.streamflow.perf;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/streamflow bench --gc}: the hot-path benchmarks under JMH's GC profiler, failing when any allocates in
 * steady state. A real allocation on the path is at least one object per operation, 16 bytes or more; what JMH and
 * the JDK allocate around a run (iteration bookkeeping, JFR, cgroup reads) shows as a fraction of a byte per
 * operation. The bound is {@link #MAX_BYTES_PER_OP}.
 */
final class AllocationGate
{
    /** Most bytes per operation a hot-path benchmark may show. */
    static final double MAX_BYTES_PER_OP = 1.0;

    /** The hot-path benchmarks: the node's whole path, the journal, the matcher, the pipelines. */
    static final List<String> HOT_PATH = List.of(
        SequencerPathBenchmark.class.getName() + ".(roundTrip|burst|orderRoundTrip|telemetryRoundTrip)",
        JournalAppendBenchmark.class.getName() + ".journalAppend",
        MatcherBenchmark.class.getName() + ".(mix|sweep)",
        NexmarkBenchmark.class.getName() + ".*");

    private AllocationGate()
    {
    }

    /**
     * @param filter a JMH include (regular expression) to run instead of all of {@link #HOT_PATH}, or null.
     * @return true when none allocates.
     * @throws Exception when JMH cannot run.
     */
    static boolean run(final String filter) throws Exception
    {
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(2))
            .param("instruments", "1");
        for (final String include : null == filter ? HOT_PATH : List.of(filter))
        {
            options.include(include);
        }
        final Collection<RunResult> results = new Runner(options.build()).run();

        boolean clean = !results.isEmpty();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-70s %14s  %s%n", "benchmark", "B/op", "verdict");
        for (final RunResult result : results)
        {
            final Result<?> norm = result.getSecondaryResults().get("gc.alloc.rate.norm");
            final String name = result.getParams().getBenchmark().replace("io.streamflow.perf.", "") +
                result.getParams().getParamsKeys().stream()
                    .map((k) -> " " + k + "=" + result.getParams().getParam(k)).reduce("", String::concat);
            final double bytes = null == norm ? Double.NaN : norm.getScore();
            final boolean ok = bytes <= MAX_BYTES_PER_OP;
            clean &= ok;
            System.out.printf(Locale.ROOT, "%-70s %14.3f  %s%n", name, bytes,
                ok ? "ok" : "ALLOCATES (more than " + MAX_BYTES_PER_OP + " B/op)");
        }
        System.out.println(clean ? "zero allocation: every hot-path benchmark under " + MAX_BYTES_PER_OP + " B/op" :
            "FAILED: a hot-path benchmark allocates in steady state");
        return clean;
    }
}
