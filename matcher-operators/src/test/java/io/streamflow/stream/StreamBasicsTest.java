package io.streamflow.stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event time and the smaller operators, one rule per test.
 */
class StreamBasicsTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TestEvent.LENGTH]);

    @Test
    void theWatermarkTrailsTheHighestTimestampByTheBound()
    {
        final Pipeline pipeline = new Pipeline();
        pipeline.source("s", new TestEvent(), TestEvent::timestamp, 10).to((e, ts) -> { });
        final Source<?> source = pipeline.source("s");
        push(source, 100, 1, 0);
        assertEquals(89, source.watermarkNs());
        push(source, 95, 1, 0);
        assertEquals(89, source.watermarkNs(), "an older record does not move it");
        push(source, 120, 1, 0);
        assertEquals(109, source.watermarkNs());
    }

    @Test
    void anIdleInputDoesNotHoldBackAJoin()
    {
        final Pipeline pipeline = new Pipeline();
        final List<String> joined = new ArrayList<>();
        final DataStream<TestEvent> left = pipeline.source("left", new TestEvent(), TestEvent::timestamp, 0);
        final DataStream<TestEvent> right = pipeline.source("right", new TestEvent(), TestEvent::timestamp, 0);
        left.keyBy(TestEvent::key).join(right.keyBy(TestEvent::key), WindowSpec.tumbling(100))
            .apply((key, a, b, out) -> TestEvent.encode(out, a.id() * 10 + b.id(), 0, key, 0), new TestEvent(),
                new TestEvent(), new TestEvent())
            .to((e, ts) -> joined.add("" + e.id()));

        pushId(pipeline.source("left"), 1, 10, 7);
        pushId(pipeline.source("right"), 2, 20, 7);
        pushId(pipeline.source("left"), 3, 500, 7);
        assertEquals(List.of(), joined, "the right side's watermark is still at 19");

        pipeline.source("right").markIdle();
        assertEquals(List.of("12"), joined, "right idle: the left watermark alone drives the join");

        pushId(pipeline.source("right"), 4, 550, 7);
        assertTrue(joined.size() == 1, "active again");
    }

    @Test
    void processingTimeIsTheSequencedTimestamp()
    {
        final Pipeline pipeline = new Pipeline();
        final List<String> counts = new ArrayList<>();
        pipeline.processingTimeSource("s", new TestEvent())
            .keyBy(TestEvent::key)
            .window(WindowSpec.tumbling(1_000))
            .aggregate(Aggregations.count())
            .to((r, ts) -> counts.add(r.toString()));
        final Source<?> source = pipeline.source("s");
        TestEvent.encode(buffer, 0, 999_999, 1, 0);
        source.push(buffer, 0, TestEvent.LENGTH, 100);
        source.push(buffer, 0, TestEvent.LENGTH, 900);
        source.push(buffer, 0, TestEvent.LENGTH, 1_000);
        assertEquals(List.of("key=1 [0,1000) count=2 values=2"), counts, "the record's own time field is ignored");
    }

    @Test
    void percentilesComeFromARecycledHistogram()
    {
        final Pipeline pipeline = new Pipeline();
        final List<WindowResultCopy> results = new ArrayList<>();
        pipeline.source("s", new TestEvent(), TestEvent::timestamp, 0)
            .keyBy(TestEvent::key)
            .window(WindowSpec.tumbling(1_000))
            .aggregate(Aggregations.percentiles(TestEvent::value, 1_000_000, 2, 50, 99))
            .to((r, ts) -> results.add(new WindowResultCopy(r.windowStart(), r.longValue(0), r.longValue(1))));
        final Source<?> source = pipeline.source("s");
        for (int window = 0; window < 5; window++)
        {
            for (int v = 1; v <= 100; v++)
            {
                push(source, window * 1_000 + v, 1, v * (window + 1));
            }
        }
        source.endOfInput();
        assertEquals(5, results.size(), "five windows from a pool of two histograms");
        assertEquals(50, results.get(0).p50);
        assertEquals(99, results.get(0).p99);
        assertEquals(250, results.get(4).p50, 2);
    }

    @Test
    void aFullWindowPoolRefusesRecordsToTheLateOutputCounted()
    {
        final Pipeline pipeline = new Pipeline();
        final List<Long> refused = new ArrayList<>();
        pipeline.source("s", new TestEvent(), TestEvent::timestamp, 1_000)
            .keyBy(TestEvent::key)
            .window(WindowSpec.tumbling(100))
            .maxWindows(2)
            .lateOutput((e, ts) -> refused.add(e.key()))
            .aggregate(Aggregations.count())
            .to((r, ts) -> { });
        final Source<?> source = pipeline.source("s");
        push(source, 10, 1, 0);
        push(source, 10, 2, 0);
        push(source, 10, 3, 0);
        assertEquals(List.of(3L), refused);
        assertEquals(1, pipeline.capacityRejects());
    }

    @Test
    void topKNeedsWindowResults()
    {
        final Pipeline pipeline = new Pipeline();
        final DataStream<TestEvent> stream = pipeline.source("s", new TestEvent(), TestEvent::timestamp, 0);
        assertThrows(IllegalStateException.class, () -> stream.topK(1, 0, 4));
    }

    private void push(final Source<?> source, final long timestamp, final long key, final long value)
    {
        TestEvent.encode(buffer, 0, timestamp, key, value);
        source.push(buffer, 0, TestEvent.LENGTH, 0);
    }

    private void pushId(final Source<?> source, final long id, final long timestamp, final long key)
    {
        TestEvent.encode(buffer, id, timestamp, key, 0);
        source.push(buffer, 0, TestEvent.LENGTH, 0);
    }

    record WindowResultCopy(long start, long p50, long p99)
    {
    }
}
