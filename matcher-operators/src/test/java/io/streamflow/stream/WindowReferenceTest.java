package io.streamflow.stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Windowed aggregation against the brute-force reference, over thousands of seeded random streams with bounded
 * disorder and some events beyond the bound (late), for every window kind, with and without allowed lateness.
 * Replay one stream with {@code -Dwindows.seed=SEED}.
 */
class WindowReferenceTest
{
    private static final int STREAMS = Integer.getInteger("windows.streams", 3_000);

    @Test
    void everyWindowResultAndLateRecordMatchesTheBruteForceReference()
    {
        final Long only = Long.getLong("windows.seed");
        if (null != only)
        {
            run(only);
            return;
        }
        final Random seeds = new Random(77);
        long results = 0;
        long late = 0;
        int sessions = 0;
        for (int i = 0; i < STREAMS; i++)
        {
            final long[] counts = run(seeds.nextLong());
            results += counts[0];
            late += counts[1];
            sessions += (int)counts[2];
        }
        assertTrue(results > STREAMS * 10L, "results compared: " + results);
        assertTrue(late > STREAMS, "late records compared: " + late);
        assertTrue(sessions > STREAMS / 5, "session streams: " + sessions);
    }

    private static long[] run(final long seed)
    {
        final Random random = new Random(seed);
        final long bound = 1 + random.nextInt(50);
        final WindowSpec spec = spec(random);
        final List<TestEvent.Event> events = events(random, bound);

        final Pipeline pipeline = new Pipeline().defaultMaxWindows(4096);
        final List<String> emitted = new ArrayList<>();
        final List<Long> late = new ArrayList<>();
        pipeline.source("events", new TestEvent(), TestEvent::timestamp, bound)
            .keyBy(TestEvent::key)
            .window(spec)
            .lateOutput((e, ts) -> late.add(e.id()))
            .aggregate(
                Aggregations.count(),
                Aggregations.sum(TestEvent::value),
                Aggregations.min(TestEvent::value),
                Aggregations.max(TestEvent::value),
                Aggregations.mean(TestEvent::value),
                Aggregations.maxBy(TestEvent::value, TestEvent::id))
            .to((r, ts) -> emitted.add(r.toString()));

        final ReferenceWindows reference = new ReferenceWindows(spec, bound);
        final Source<?> source = pipeline.source("events");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TestEvent.LENGTH]);
        for (int i = 0; i < events.size(); i++)
        {
            final TestEvent.Event e = events.get(i);
            TestEvent.encode(buffer, e.id(), e.timestamp(), e.key(), e.value());
            source.push(buffer, 0, TestEvent.LENGTH, 0);
            reference.onEvent(e);
            if (!emitted.equals(reference.results) || !late.equals(reference.late))
            {
                fail("seed " + seed + " (replay -Dwindows.seed=" + seed + ") " + spec + " bound " + bound +
                    ", after event " + i + " " + e + ":\n operator:  " + emitted + " late " + late +
                    "\n reference: " + reference.results + " late " + reference.late);
            }
        }
        assertEquals(late.size(), pipeline.lateRecords());
        return new long[]{ emitted.size(), late.size(), spec.kind() == WindowSpec.Kind.SESSION ? 1 : 0 };
    }

    private static WindowSpec spec(final Random random)
    {
        final long lateness = random.nextBoolean() ? 0 : random.nextInt(60);
        switch (random.nextInt(3))
        {
            case 0:
                return WindowSpec.tumbling(5 + random.nextInt(100)).allowedLateness(lateness);
            case 1:
                final long slide = 3 + random.nextInt(30);
                return WindowSpec.sliding(slide * (1 + random.nextInt(4)) + random.nextInt((int)slide), slide)
                    .allowedLateness(lateness);
            default:
                return WindowSpec.session(5 + random.nextInt(60)).allowedLateness(lateness);
        }
    }

    private static List<TestEvent.Event> events(final Random random, final long bound)
    {
        final List<TestEvent.Event> events = new ArrayList<>();
        final int count = 20 + random.nextInt(600);
        long clock = random.nextInt(1000) - 500;
        for (int i = 0; i < count; i++)
        {
            clock += random.nextInt(random.nextInt(10) == 0 ? 80 : 8);
            final long disorder = random.nextInt(20) == 0 ? random.nextInt((int)(3 * bound + 60)) :
                random.nextInt((int)bound + 1);
            events.add(new TestEvent.Event(i, clock - disorder, 1 + random.nextInt(5), random.nextInt(1000) - 300));
        }
        return events;
    }
}
