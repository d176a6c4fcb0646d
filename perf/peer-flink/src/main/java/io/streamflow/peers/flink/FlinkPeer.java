package io.streamflow.peers.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamflow.stream.nexmark.Nexmark;
import io.streamflow.stream.nexmark.NexmarkGenerator;
import io.streamflow.stream.nexmark.NexmarkQueries;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Flink peer's main, started by the bench in a JVM of its own: Nexmark q5 (hot items: bids per auction in 10 s
 * windows sliding by 2 s, the auction with the most in each) and q7 (the highest bid of each 10 s tumbling window) as
 * Flink DataStream jobs on a local MiniCluster at parallelism 1, over the bids of the same generated Nexmark events
 * the bench gives StreamFlow's pipelines (seed 42, 1 ms apart, in order), 1 s bound on disorder. Each job runs twice;
 * the second is measured (the job's net run time, MiniCluster start-up excluded). Writes JSON: events/s and result
 * counts per query.
 * <pre>
 *   FlinkPeer --events N --out FILE
 * </pre>
 */
public final class FlinkPeer
{
    private FlinkPeer()
    {
    }

    /**
     * @param args as above.
     * @throws Exception when a job fails.
     */
    public static void main(final String[] args) throws Exception
    {
        int events = 1_000_000;
        File out = null;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--out" -> out = new File(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (null == out)
        {
            throw new IllegalArgumentException("--out FILE is required");
        }

        final List<Tuple3<Long, Long, Long>> bids = bids(events);
        final ObjectNode result = new ObjectMapper().createObjectNode()
            .put("peer", "Apache Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion())
            .put("setup", "local MiniCluster, parallelism 1, DataStream API, event time, 1 s bounded " +
                "out-of-orderness, bids of " + events + " generated Nexmark events (seed 42)")
            .put("events", events)
            .put("bids", bids.size());
        for (final String query : List.of("q5", "q7"))
        {
            run(query, bids);
            final long startNs = System.nanoTime();
            final JobExecutionResult job = run(query, bids);
            final long wallNs = System.nanoTime() - startNs;
            final long netMs = Math.max(1, job.getNetRuntime(TimeUnit.MILLISECONDS));
            result.putObject(query)
                .put("bids_per_s", bids.size() * 1000.0 / netMs)
                .put("net_runtime_ms", netMs)
                .put("wall_ms", TimeUnit.NANOSECONDS.toMillis(wallNs))
                .put("results", ((Number)job.getAccumulatorResult("results")).longValue());
        }
        new ObjectMapper().writeValue(out, result);
        System.exit(0);
    }

    /**
     * The bids of the generated events as (auction, price, event time in ms).
     */
    static List<Tuple3<Long, Long, Long>> bids(final int events)
    {
        final List<Tuple3<Long, Long, Long>> bids = new ArrayList<>();
        final Nexmark.Bid bid = new Nexmark.Bid();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
        for (final NexmarkGenerator.Event e : NexmarkGenerator.generate(
            42, events, 1_700_000_000_000_000_000L, 1_000_000L, 1))
        {
            if (Nexmark.BID == e.type())
            {
                buffer.wrap(e.bytes());
                bid.wrap(buffer, 0, e.bytes().length);
                bids.add(Tuple3.of(bid.auction(), bid.price(), bid.dateTime() / 1_000_000L));
            }
        }
        return bids;
    }

    private static JobExecutionResult run(final String query, final List<Tuple3<Long, Long, Long>> bids)
        throws Exception
    {
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        final DataStream<Tuple3<Long, Long, Long>> in = env.fromData(bids)
            .assignTimestampsAndWatermarks(WatermarkStrategy
                .<Tuple3<Long, Long, Long>>forBoundedOutOfOrderness(Duration.ofSeconds(1))
                .withTimestampAssigner((b, previous) -> b.f2));
        final DataStream<Tuple3<Long, Long, Long>> out;
        if ("q5".equals(query))
        {
            out = in.keyBy((b) -> b.f0, Types.LONG)
                .window(SlidingEventTimeWindows.of(Duration.ofNanos(NexmarkQueries.HOT_ITEMS_WINDOW_NS),
                    Duration.ofNanos(NexmarkQueries.HOT_ITEMS_SLIDE_NS)))
                .aggregate(new CountBids(), new WithWindowEnd())
                .windowAll(TumblingEventTimeWindows.of(Duration.ofNanos(NexmarkQueries.HOT_ITEMS_SLIDE_NS)))
                .maxBy(2);
        }
        else
        {
            out = in.windowAll(TumblingEventTimeWindows.of(Duration.ofNanos(NexmarkQueries.TUMBLING_WINDOW_NS)))
                .maxBy(1);
        }
        out.map(new CountResults()).returns(Types.TUPLE(Types.LONG, Types.LONG, Types.LONG))
            .sinkTo(new DiscardingSink<>());
        return env.execute("nexmark-" + query);
    }

    /**
     * Bids per auction in a window.
     */
    static final class CountBids implements AggregateFunction<Tuple3<Long, Long, Long>, Long, Long>
    {
        private static final long serialVersionUID = 1L;

        public Long createAccumulator()
        {
            return 0L;
        }

        public Long add(final Tuple3<Long, Long, Long> bid, final Long count)
        {
            return count + 1;
        }

        public Long getResult(final Long count)
        {
            return count;
        }

        public Long merge(final Long a, final Long b)
        {
            return a + b;
        }
    }

    /**
     * (window end, auction, bids).
     */
    static final class WithWindowEnd
        extends ProcessWindowFunction<Long, Tuple3<Long, Long, Long>, Long, TimeWindow>
    {
        private static final long serialVersionUID = 1L;

        public void process(
            final Long auction,
            final Context context,
            final Iterable<Long> counts,
            final Collector<Tuple3<Long, Long, Long>> out)
        {
            out.collect(Tuple3.of(context.window().getEnd(), auction, counts.iterator().next()));
        }
    }

    /**
     * Counts the results into an accumulator.
     */
    static final class CountResults extends RichMapFunction<Tuple3<Long, Long, Long>, Tuple3<Long, Long, Long>>
    {
        private static final long serialVersionUID = 1L;
        private final LongCounter results = new LongCounter();

        public void open(final OpenContext openContext)
        {
            getRuntimeContext().addAccumulator("results", results);
        }

        public Tuple3<Long, Long, Long> map(final Tuple3<Long, Long, Long> value)
        {
            results.add(1L);
            return value;
        }
    }
}
