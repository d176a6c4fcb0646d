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
import java.util.Objects;

/**
 * {@code bin/streamflow bench --gc}: the hot-path benchmarks under JMH's GC profiler, failing when any allocates in
 * steady state. A real allocation on the path is at least one object per operation, 16 bytes or more, in every
 * measurement iteration; what JMH and the JDK allocate around a run (iteration bookkeeping, JFR, cgroup reads) shows
 * as a fraction of a byte per operation, and an allocation now and then (an iterator in the media driver's receiver
 * loop that the JIT did not scalar-replace for a while, seen with JFR) as a byte or two in one iteration of five.
 * So the verdict is on the median iteration: at most {@link #MAX_BYTES_PER_OP}. The mean is printed beside it.
 */
final class AllocationGate
{
    /** Most bytes per operation a hot-path benchmark may show. */
    static final double MAX_BYTES_PER_OP = 1.0;

    private static final int MEASUREMENT_ITERATIONS = 5;
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    /** The hot-path benchmarks: the node's whole path, a follow, the journal, the matcher, the pipelines. */
    static final List<String> HOT_PATH = List.of(
        SequencerPathBenchmark.class.getName() + ".(roundTrip|burst|orderRoundTrip|telemetryRoundTrip|followRoundTrip)",
        FollowPathBenchmark.class.getName() + ".followRoundTrip",
        GatewayPathBenchmark.class.getName() + ".roundTrip",
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
            .measurementIterations(MEASUREMENT_ITERATIONS)
            .measurementTime(TimeValue.seconds(2))
            .param("instruments", "1");
        for (final String include : null == filter ? HOT_PATH : List.of(filter))
        {
            options.include(include);
        }
        final Collection<RunResult> results = new Runner(options.build()).run();

        boolean clean = !results.isEmpty();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-70s %12s %12s  %s%n", "benchmark", "median B/op", "mean B/op", "verdict");
        for (final RunResult result : results)
        {
            final Result<?> mean = result.getSecondaryResults().get(ALLOCATION);
            final String name = result.getParams().getBenchmark().replace("io.streamflow.perf.", "") +
                result.getParams().getParamsKeys().stream()
                    .map((k) -> " " + k + "=" + result.getParams().getParam(k)).reduce("", String::concat);
            final double median = medianPerIteration(result);
            final boolean ok = median <= MAX_BYTES_PER_OP;
            clean &= ok;
            System.out.printf(Locale.ROOT, "%-70s %12.3f %12.3f  %s%n", name, median,
                null == mean ? Double.NaN : mean.getScore(),
                ok ? "ok" : "ALLOCATES (more than " + MAX_BYTES_PER_OP + " B/op)");
        }
        System.out.println(clean ? "zero allocation: every hot-path benchmark under " + MAX_BYTES_PER_OP + " B/op" :
            "FAILED: a hot-path benchmark allocates in steady state");
        return clean;
    }

    /**
     * @return the median over the measurement iterations of bytes allocated per operation; NaN (which fails) when
     * the profiler gave none.
     */
    static double medianPerIteration(final RunResult result)
    {
        final double[] perIteration = result.getBenchmarkResults().stream()
            .flatMap((b) -> b.getIterationResults().stream())
            .map((i) -> i.getSecondaryResults().get(ALLOCATION))
            .filter(Objects::nonNull)
            .mapToDouble((r) -> r.getScore())
            .sorted()
            .toArray();
        if (0 == perIteration.length)
        {
            return Double.NaN;
        }
        final int middle = perIteration.length / 2;
        return 0 == perIteration.length % 2 ? (perIteration[middle - 1] + perIteration[middle]) / 2 :
            perIteration[middle];
    }
}
