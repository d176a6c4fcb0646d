package io.streamflow.stream;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pipeline restored from a snapshot taken mid-stream, then fed the rest of the stream, emits exactly what an
 * uninterrupted pipeline emits, and ends in the same state (hash).
 */
class PipelineSnapshotTest
{
    /**
     * A pipeline with one of every stateful operator.
     */
    static Pipeline declare(final List<String> out)
    {
        final Pipeline pipeline = new Pipeline().defaultMaxWindows(1024);
        final DataStream<TestEvent> a = pipeline.source("a", new TestEvent(), TestEvent::timestamp, 20);
        final DataStream<TestEvent> b = pipeline.source("b", new TestEvent(), TestEvent::timestamp, 20);

        a.keyBy(TestEvent::key).window(WindowSpec.sliding(60, 20).allowedLateness(15))
            .lateOutput((e, ts) -> out.add("late " + e.id()))
            .aggregate(Aggregations.count(), Aggregations.mean(TestEvent::value),
                Aggregations.percentiles(TestEvent::value, 10_000, 1024, 50, 90))
            .to((r, ts) -> out.add("sliding " + r));
        a.keyBy(TestEvent::key).window(WindowSpec.session(25))
            .aggregate(Aggregations.sum(TestEvent::value))
            .topK(2, 0, 64)
            .to((r, ts) -> out.add("top " + r));
        a.keyBy(TestEvent::key).join(b.keyBy(TestEvent::key), WindowSpec.tumbling(50).allowedLateness(10))
            .apply((key, x, y, buffer) -> TestEvent.encode(buffer, x.id() * 1000 + y.id(), 0, key, 0),
                new TestEvent(), new TestEvent(), new TestEvent())
            .to((e, ts) -> out.add("join " + e.id()));
        a.dedup(TestEvent::value, 40, 512).to((e, ts) -> out.add("dedup " + e.id()));
        a.keyBy(TestEvent::key).joinTable(b.keyBy(TestEvent::key), e -> e.value() % 11 == 0,
            (key, x, t, buffer) -> TestEvent.encode(buffer, x.id(), 0, key, t.value()), new TestEvent(),
            new TestEvent(), 3, 64, OverflowPolicy.EVICT_OLDEST, (e, ts) -> out.add("unmatched " + e.id()))
            .to((e, ts) -> out.add("table " + e.id() + "=" + e.value()));
        a.keyBy(TestEvent::key).detect(Pattern.<TestEvent>begin(e -> e.value() % 2 == 0).times(2)
            .followedBy(e -> e.value() % 5 == 0).within(80), 64, 8)
            .to((m, ts) -> out.add(m.toString()));
        b.keyBy(TestEvent::key).process((key, e, ts, state, emitter) ->
        {
            final long previous = state.value(key);
            state.setValue(key, KeyedState.ABSENT == previous ? e.value() : previous + e.value());
            state.putMapValue(key, e.value() % 4, ts);
            emitter.emit(TestEvent.encode(emitter.buffer(), e.id(), ts, key, state.value(key)), ts);
        }, new TestEvent(), 4, 4, 70, OverflowPolicy.EVICT_OLDEST)
            .to((e, ts) -> out.add("state " + e.id() + "=" + e.value()));
        return pipeline;
    }

    @Test
    void restoredMidStreamEmitsExactlyWhatAnUninterruptedPipelineDoes()
    {
        final Random seeds = new Random(11);
        int compared = 0;
        for (int run = 0; run < 300; run++)
        {
            final long seed = seeds.nextLong();
            final Random random = new Random(seed);
            final List<long[]> events = new ArrayList<>();
            long clock = 0;
            for (int i = 0; i < 400; i++)
            {
                clock += random.nextInt(4);
                final long disorder = random.nextInt(30) == 0 ? random.nextInt(90) : random.nextInt(21);
                events.add(new long[]{ random.nextInt(2), i, clock - disorder, 1 + random.nextInt(5),
                    random.nextInt(60) });
            }
            final int split = random.nextInt(events.size());

            final List<String> uninterruptedOut = new ArrayList<>();
            final Pipeline uninterrupted = declare(uninterruptedOut);
            final List<String> beforeOut = new ArrayList<>();
            final Pipeline before = declare(beforeOut);
            for (int i = 0; i < split; i++)
            {
                push(uninterrupted, events.get(i));
                push(before, events.get(i));
            }

            final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer();
            final int length = before.snapshot(snapshot, 0);
            final List<String> afterOut = new ArrayList<>();
            final Pipeline after = declare(afterOut);
            after.restore(snapshot, 0, length);
            assertEquals(uninterrupted.stateHash(), after.stateHash(), "seed " + seed + ": hash after restore");

            uninterruptedOut.clear();
            for (int i = split; i < events.size(); i++)
            {
                push(uninterrupted, events.get(i));
                push(after, events.get(i));
            }
            for (final String name : List.of("a", "b"))
            {
                uninterrupted.source(name).endOfInput();
                after.source(name).endOfInput();
            }
            assertEquals(uninterruptedOut, afterOut, "seed " + seed + " split " + split);
            assertEquals(uninterrupted.stateHash(), after.stateHash(), "seed " + seed + ": hash at the end");
            compared += afterOut.size();
        }
        assertTrue(compared > 10_000, "outputs compared: " + compared);
    }

    @Test
    void aSnapshotOfAnotherPipelineOrABrokenOneIsRefused()
    {
        final Pipeline pipeline = declare(new ArrayList<>());
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer();
        final int length = pipeline.snapshot(snapshot, 0);

        final Pipeline other = new Pipeline();
        other.source("a", new TestEvent(), TestEvent::timestamp, 20).to((e, ts) -> { });
        assertThrows(IllegalStateException.class, () -> other.restore(snapshot, 0, length));
        assertThrows(IllegalArgumentException.class, () -> declare(new ArrayList<>()).restore(snapshot, 0, length - 1));
        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[16]);
        assertThrows(IllegalArgumentException.class, () -> declare(new ArrayList<>()).restore(garbage, 0, 16));
    }

    private static void push(final Pipeline pipeline, final long[] event)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TestEvent.LENGTH]);
        TestEvent.encode(buffer, event[1], event[2], event[3], event[4]);
        pipeline.source(0 == event[0] ? "a" : "b").push(buffer, 0, TestEvent.LENGTH, event[2]);
    }
}
