package io.streamflow.perf;

import io.streamflow.stream.Pipeline;
import io.streamflow.stream.Source;
import io.streamflow.stream.nexmark.NexmarkGenerator;
import io.streamflow.stream.nexmark.NexmarkQueries;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Nexmark queries on the pipeline API, one thread, events per second. The generator's events (1 person, 3 auctions
 * and 46 bids per 50) are encoded once; each pushed event gets a fresh event time (1 ms after the previous one), so
 * windows keep opening and closing however long the benchmark runs. The sinks only count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NexmarkBenchmark
{
    private static final int BATCH = 1024;
    private static final int EVENTS = 1 << 16;
    private static final long DELAY_NS = 1_000_000L;
    private static final int PERSON_TIME_OFFSET = 16;
    private static final int AUCTION_TIME_OFFSET = 16;
    private static final int BID_TIME_OFFSET = 32;

    @Param({ "q0", "q1", "q2", "q5", "q7", "q8", "q11" })
    String query;

    private final UnsafeBuffer events = new UnsafeBuffer(new byte[EVENTS * 64]);
    private final int[] offsets = new int[EVENTS];
    private final int[] lengths = new int[EVENTS];
    private final int[] timeOffsets = new int[EVENTS];
    private final Source<?>[] sourceOf = new Source<?>[EVENTS];
    private long emitted;
    private long eventTimeNs = 1_700_000_000_000_000_000L;
    private int next;

    /**
     * Declare the query and encode the events.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final Pipeline pipeline = new Pipeline();
        final NexmarkQueries.Sources sources = NexmarkQueries.sources(pipeline, 0);
        switch (query)
        {
            case "q0" -> NexmarkQueries.q0(sources, (r, ts) -> emitted++);
            case "q1" -> NexmarkQueries.q1(sources, (r, ts) -> emitted++);
            case "q2" -> NexmarkQueries.q2(sources, (r, ts) -> emitted++);
            case "q5" -> NexmarkQueries.q5(sources, (r, ts) -> emitted++);
            case "q7" -> NexmarkQueries.q7(sources, (r, ts) -> emitted++);
            case "q8" -> NexmarkQueries.q8(sources, (r, ts) -> emitted++);
            case "q11" -> NexmarkQueries.q11(sources, (r, ts) -> emitted++);
            default -> throw new IllegalArgumentException(query);
        }

        final List<NexmarkGenerator.Event> generated = NexmarkGenerator.generate(42, EVENTS, eventTimeNs, DELAY_NS, 1);
        int offset = 0;
        for (int i = 0; i < EVENTS; i++)
        {
            final NexmarkGenerator.Event e = generated.get(i);
            events.putBytes(offset, e.bytes());
            offsets[i] = offset;
            lengths[i] = e.bytes().length;
            final long type = e.type();
            timeOffsets[i] = 1 == type ? PERSON_TIME_OFFSET : 2 == type ? AUCTION_TIME_OFFSET : BID_TIME_OFFSET;
            sourceOf[i] = pipeline.source(1 == type ? "persons" : 2 == type ? "auctions" : "bids");
            offset += 64;
        }
    }

    /**
     * @return results emitted so far, so the work is not dead code.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long events()
    {
        for (int i = 0; i < BATCH; i++)
        {
            final int index = next;
            next = (index + 1) & (EVENTS - 1);
            eventTimeNs += DELAY_NS;
            events.putLong(offsets[index] + timeOffsets[index], eventTimeNs);
            sourceOf[index].push(events, offsets[index], lengths[index], eventTimeNs);
        }
        return emitted;
    }
}
