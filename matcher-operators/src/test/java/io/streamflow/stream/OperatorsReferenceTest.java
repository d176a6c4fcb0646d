package io.streamflow.stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Joins, patterns, dedup and the table join against brute-force references over thousands of seeded random
 * streams with bounded disorder and late records.
 */
class OperatorsReferenceTest
{
    private static final int STREAMS = Integer.getInteger("operators.streams", 2_000);

    record E(long id, long timestamp, long key, long value)
    {
    }

    @Test
    void windowedJoinMatchesTheReference()
    {
        final Random seeds = new Random(5);
        long pairs = 0;
        for (int s = 0; s < STREAMS; s++)
        {
            final long seed = seeds.nextLong();
            final Random random = new Random(seed);
            final long bound = 1 + random.nextInt(30);
            final long lateness = random.nextBoolean() ? 0 : random.nextInt(40);
            final WindowSpec spec = random.nextBoolean() ?
                WindowSpec.tumbling(10 + random.nextInt(60)).allowedLateness(lateness) :
                WindowSpec.sliding(20 + random.nextInt(40), 10).allowedLateness(lateness);
            final List<E> left = events(random, bound, 0);
            final List<E> right = events(random, bound, 100_000);

            final Pipeline pipeline = new Pipeline().defaultMaxWindows(4096);
            final List<String> emitted = new ArrayList<>();
            final DataStream<TestEvent> l = pipeline.source("left", new TestEvent(), TestEvent::timestamp, bound);
            final DataStream<TestEvent> r = pipeline.source("right", new TestEvent(), TestEvent::timestamp, bound);
            l.keyBy(TestEvent::key).join(r.keyBy(TestEvent::key), spec).maxRecords(1 << 14)
                .apply((key, a, b, out) -> TestEvent.encode(out, a.id() * 1_000_000 + b.id(), 0, key, 0),
                    new TestEvent(), new TestEvent(), new TestEvent())
                .to((e, ts) -> emitted.add(e.key() + ":" + e.id()));

            final List<String> expected = referenceJoin(left, right, bound, spec);
            final Source<?> leftSource = pipeline.source("left");
            final Source<?> rightSource = pipeline.source("right");
            interleave(left, right, leftSource, rightSource);
            if (!expected.equals(emitted))
            {
                fail("join seed " + seed + " " + spec + " bound " + bound + "\n expected " + expected +
                    "\n actual   " + emitted);
            }
            pairs += emitted.size();
        }
        assertTrue(pairs > STREAMS, "pairs compared: " + pairs);
    }

    @Test
    void patternsMatchTheReference()
    {
        final Random seeds = new Random(6);
        long matches = 0;
        for (int s = 0; s < STREAMS; s++)
        {
            final long seed = seeds.nextLong();
            final Random random = new Random(seed);
            final long bound = 1 + random.nextInt(20);
            final List<E> events = events(random, bound, 0);
            final int firstTimes = 1 + random.nextInt(3);
            final long within = 10 + random.nextInt(200);
            final Pattern.Contiguity contiguity = random.nextBoolean() ? Pattern.Contiguity.STRICT :
                Pattern.Contiguity.RELAXED;
            final boolean twoSteps = random.nextInt(4) > 0;
            final Pattern<TestEvent> pattern = Pattern.<TestEvent>begin(e -> e.value() % 3 == 0).times(firstTimes);
            if (twoSteps)
            {
                pattern.followedBy(e -> e.value() % 3 == 1);
            }
            pattern.within(within).contiguity(contiguity);

            final Pipeline pipeline = new Pipeline();
            final List<String> emitted = new ArrayList<>();
            pipeline.source("events", new TestEvent(), TestEvent::timestamp, bound)
                .keyBy(TestEvent::key)
                .detect(pattern, 64, 64)
                .to((m, ts) -> emitted.add(m.toString()));
            final Source<?> source = pipeline.source("events");
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TestEvent.LENGTH]);
            for (final E e : events)
            {
                TestEvent.encode(buffer, e.id, e.timestamp, e.key, e.value);
                source.push(buffer, 0, TestEvent.LENGTH, 0);
            }

            final List<String> expected = referencePattern(events, bound, firstTimes, twoSteps, within,
                contiguity == Pattern.Contiguity.STRICT);
            if (!expected.equals(emitted))
            {
                fail("pattern seed " + seed + " times " + firstTimes + " twoSteps " + twoSteps + " within " +
                    within + " " + contiguity + "\n expected " + expected + "\n actual   " + emitted);
            }
            matches += emitted.size();
        }
        assertTrue(matches > STREAMS, "matches compared: " + matches);
    }

    @Test
    void dedupDropsExactlyTheRepeatsInsideTheHorizon()
    {
        final Random seeds = new Random(7);
        long duplicates = 0;
        for (int s = 0; s < STREAMS; s++)
        {
            final long seed = seeds.nextLong();
            final Random random = new Random(seed);
            final long horizon = 5 + random.nextInt(300);
            final List<E> events = new ArrayList<>();
            long clock = 0;
            for (int i = 0; i < 300 + random.nextInt(500); i++)
            {
                clock += random.nextInt(6);
                events.add(new E(random.nextInt(40 + random.nextInt(400)), clock, 0, 0));
            }

            final Pipeline pipeline = new Pipeline();
            final List<Long> passed = new ArrayList<>();
            pipeline.source("events", new TestEvent(), TestEvent::timestamp, 0)
                .dedup(TestEvent::id, horizon, 4096)
                .to((e, ts) -> passed.add(e.id() * 1_000_000 + e.timestamp()));
            final Source<?> source = pipeline.source("events");
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TestEvent.LENGTH]);
            for (final E e : events)
            {
                TestEvent.encode(buffer, e.id, e.timestamp, e.key, e.value);
                source.push(buffer, 0, TestEvent.LENGTH, 0);
            }

            final Map<Long, Long> lastPassed = new HashMap<>();
            final List<Long> expected = new ArrayList<>();
            for (final E e : events)
            {
                final Long at = lastPassed.get(e.id);
                if (at == null || e.timestamp - at >= horizon)
                {
                    lastPassed.put(e.id, e.timestamp);
                    expected.add(e.id * 1_000_000 + e.timestamp);
                }
            }
            assertEquals(expected, passed, "dedup seed " + seed + " horizon " + horizon);
            duplicates += events.size() - passed.size();
            assertEquals(events.size() - passed.size(), pipeline.duplicates());
        }
        assertTrue(duplicates > STREAMS, "duplicates seen: " + duplicates);
    }

    @Test
    void tableJoinUsesTheLatestValuePerKey()
    {
        final Random seeds = new Random(8);
        for (int s = 0; s < STREAMS / 4; s++)
        {
            final long seed = seeds.nextLong();
            final Random random = new Random(seed);
            final int maxKeys = 4 + random.nextInt(12);
            final OverflowPolicy policy = random.nextBoolean() ? OverflowPolicy.REJECT : OverflowPolicy.EVICT_OLDEST;

            final Pipeline pipeline = new Pipeline();
            final List<String> joined = new ArrayList<>();
            final List<Long> unmatched = new ArrayList<>();
            final DataStream<TestEvent> stream = pipeline.processingTimeSource("stream", new TestEvent());
            final DataStream<TestEvent> table = pipeline.processingTimeSource("table", new TestEvent());
            stream.keyBy(TestEvent::key).joinTable(table.keyBy(TestEvent::key), e -> e.value() < 0,
                (key, e, t, out) -> TestEvent.encode(out, e.id(), 0, key, t.value()), new TestEvent(),
                new TestEvent(), maxKeys, 64, policy, (e, ts) -> unmatched.add(e.id()))
                .to((e, ts) -> joined.add(e.id() + "=" + e.value()));

            final Map<Long, Long> reference = new HashMap<>();
            final List<Long> insertion = new ArrayList<>();
            final List<String> expectedJoined = new ArrayList<>();
            final List<Long> expectedUnmatched = new ArrayList<>();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TestEvent.LENGTH]);
            for (int i = 0; i < 500; i++)
            {
                final long key = random.nextInt(30);
                if (random.nextInt(3) == 0)
                {
                    final long value = random.nextInt(10) == 0 ? -1 : random.nextInt(1000);
                    TestEvent.encode(buffer, i, 0, key, value);
                    pipeline.source("table").push(buffer, 0, TestEvent.LENGTH, i);
                    if (value < 0)
                    {
                        reference.remove(key);
                        insertion.remove(key);
                    }
                    else if (reference.containsKey(key))
                    {
                        reference.put(key, value);
                    }
                    else if (reference.size() < maxKeys)
                    {
                        reference.put(key, value);
                        insertion.add(key);
                    }
                    else if (policy == OverflowPolicy.EVICT_OLDEST)
                    {
                        reference.remove(insertion.remove(0));
                        reference.put(key, value);
                        insertion.add(key);
                    }
                }
                else
                {
                    TestEvent.encode(buffer, i, 0, key, 0);
                    pipeline.source("stream").push(buffer, 0, TestEvent.LENGTH, i);
                    if (reference.containsKey(key))
                    {
                        expectedJoined.add(i + "=" + reference.get(key));
                    }
                    else
                    {
                        expectedUnmatched.add((long)i);
                    }
                }
            }
            assertEquals(expectedJoined, joined, "table join seed " + seed + " " + policy + " max " + maxKeys);
            assertEquals(expectedUnmatched, unmatched, "unmatched, seed " + seed);
        }
    }

    private static List<E> events(final Random random, final long bound, final long idBase)
    {
        final List<E> events = new ArrayList<>();
        long clock = random.nextInt(100);
        for (int i = 0; i < 50 + random.nextInt(250); i++)
        {
            clock += random.nextInt(5);
            final long disorder = random.nextInt(25) == 0 ? random.nextInt((int)(3 * bound + 30)) :
                random.nextInt((int)bound + 1);
            events.add(new E(idBase + i, clock - disorder, 1 + random.nextInt(4), random.nextInt(100)));
        }
        return events;
    }

    /**
     * Alternate the two sides, a random-length run at a time, as they might arrive.
     */
    private static void interleave(final List<E> left, final List<E> right, final Source<?> leftSource,
        final Source<?> rightSource)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TestEvent.LENGTH]);
        for (final E[] step : order(left, right))
        {
            final E e = step[0] != null ? step[0] : step[1];
            TestEvent.encode(buffer, e.id, e.timestamp, e.key, e.value);
            (step[0] != null ? leftSource : rightSource).push(buffer, 0, TestEvent.LENGTH, 0);
        }
    }

    private static List<E[]> order(final List<E> left, final List<E> right)
    {
        final List<E[]> order = new ArrayList<>();
        int l = 0;
        int r = 0;
        final Random random = new Random(left.size() * 31L + right.size());
        while (l < left.size() || r < right.size())
        {
            if (r >= right.size() || (l < left.size() && random.nextBoolean()))
            {
                order.add(new E[]{ left.get(l++), null });
            }
            else
            {
                order.add(new E[]{ null, right.get(r++) });
            }
        }
        return order;
    }

    /**
     * The join computed naively in arrival order: watermark is the minimum of the two sides', a window fires all
     * its pairs when the watermark reaches its end - 1, a record within the lateness pairs at once with what the
     * other side has, later ones are dropped.
     */
    private static List<String> referenceJoin(final List<E> left, final List<E> right, final long bound,
        final WindowSpec spec)
    {
        final List<String> out = new ArrayList<>();
        final TreeMap<String, List<E>[]> windows = new TreeMap<>();
        final Map<String, long[]> meta = new HashMap<>();
        final Map<String, Boolean> fired = new HashMap<>();
        final long[] max = { Long.MIN_VALUE, Long.MIN_VALUE };
        final long[] wms = { Long.MIN_VALUE, Long.MIN_VALUE };
        long watermark = Long.MIN_VALUE;
        for (final E[] step : order(left, right))
        {
            final int side = step[0] != null ? 0 : 1;
            final E e = step[side];
            final long lastStart = Math.floorDiv(e.timestamp, spec.slideNs()) * spec.slideNs();
            for (long start = lastStart; start > e.timestamp - spec.sizeNs(); start -= spec.slideNs())
            {
                final long end = start + spec.sizeNs();
                if (watermark != Long.MIN_VALUE && end - 1 + spec.allowedLatenessNs() <= watermark)
                {
                    continue;
                }
                final String id = e.key + "@" + start;
                @SuppressWarnings("unchecked")
                final List<E>[] lists = windows.computeIfAbsent(id, k -> (List<E>[])new List<?>[]{
                    new ArrayList<E>(), new ArrayList<E>() });
                meta.putIfAbsent(id, new long[]{ end, e.key, start });
                lists[side].add(e);
                if (fired.getOrDefault(id, false))
                {
                    for (final E other : lists[1 - side])
                    {
                        out.add(e.key + ":" + (side == 0 ? e.id * 1_000_000 + other.id : other.id * 1_000_000 + e.id));
                    }
                }
            }
            if (e.timestamp > max[side])
            {
                max[side] = e.timestamp;
                wms[side] = Math.max(wms[side], e.timestamp - bound - 1);
            }
            final long candidate = Math.min(wms[0], wms[1]);
            if (candidate > watermark)
            {
                watermark = candidate;
                final List<String> due = new ArrayList<>();
                for (final String id : windows.keySet())
                {
                    if (!fired.getOrDefault(id, false) && meta.get(id)[0] - 1 <= watermark)
                    {
                        due.add(id);
                    }
                }
                due.sort(Comparator.comparingLong((String id) -> meta.get(id)[0])
                    .thenComparingLong(id -> meta.get(id)[1]).thenComparingLong(id -> meta.get(id)[2]));
                for (final String id : due)
                {
                    fired.put(id, true);
                    final List<E>[] lists = windows.get(id);
                    for (final E a : lists[0])
                    {
                        for (final E b : lists[1])
                        {
                            out.add(meta.get(id)[1] + ":" + (a.id * 1_000_000 + b.id));
                        }
                    }
                }
                final long wm = watermark;
                windows.keySet().removeIf(id -> meta.get(id)[0] - 1 + spec.allowedLatenessNs() <= wm);
            }
        }
        return out;
    }

    /**
     * The pattern semantics of {@link PatternOperator}, with lists.
     */
    private static List<String> referencePattern(final List<E> events, final long bound, final int firstTimes,
        final boolean twoSteps, final long within, final boolean strict)
    {
        final List<String> out = new ArrayList<>();
        final Map<Long, List<long[]>> attemptsByKey = new HashMap<>();
        long maxTimestamp = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        final int steps = twoSteps ? 2 : 1;
        final int[] times = twoSteps ? new int[]{ firstTimes, 1 } : new int[]{ firstTimes };
        for (final E e : events)
        {
            final List<long[]> attempts = attemptsByKey.computeIfAbsent(e.key, k -> new ArrayList<>());
            boolean matched = false;
            for (int i = 0; i < attempts.size() && !matched; )
            {
                final long[] a = attempts.get(i);
                final long wm = watermark;
                if (e.timestamp - a[0] > within || (wm != Long.MIN_VALUE && wm - a[0] > within))
                {
                    attempts.remove(i);
                    continue;
                }
                final int step = (int)a[1];
                final boolean holds = step == 0 ? e.value % 3 == 0 : e.value % 3 == 1;
                if (holds)
                {
                    a[3]++;
                    if (++a[2] == times[step])
                    {
                        a[1] = step + 1;
                        a[2] = 0;
                        if (step + 1 == steps)
                        {
                            out.add("match key=" + e.key + " [" + a[0] + ".." + e.timestamp + "] records=" + a[3]);
                            attempts.clear();
                            matched = true;
                            continue;
                        }
                    }
                }
                else if (strict)
                {
                    attempts.remove(i);
                    continue;
                }
                i++;
            }
            if (!matched && e.value % 3 == 0)
            {
                if (times[0] == 1 && steps == 1)
                {
                    attempts.clear();
                    out.add("match key=" + e.key + " [" + e.timestamp + ".." + e.timestamp + "] records=1");
                }
                else
                {
                    if (attempts.size() == 64)
                    {
                        attempts.remove(0);
                    }
                    attempts.add(new long[]{ e.timestamp, times[0] == 1 ? 1 : 0, times[0] == 1 ? 0 : 1, 1 });
                }
            }
            if (e.timestamp > maxTimestamp)
            {
                maxTimestamp = e.timestamp;
                watermark = Math.max(watermark, e.timestamp - bound - 1);
            }
        }
        return out;
    }
}
