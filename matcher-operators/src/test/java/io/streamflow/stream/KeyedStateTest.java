package io.streamflow.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyedStateTest
{
    @Test
    void valuesExpireAfterTheirTtlInRecordTime()
    {
        final KeyedState state = new KeyedState(8, 0, 100, OverflowPolicy.REJECT);
        state.now(1_000);
        assertTrue(state.setValue(1, 42));
        state.now(1_100);
        assertEquals(42, state.value(1), "exactly the ttl: still there");
        state.now(1_101);
        assertEquals(KeyedState.ABSENT, state.value(1), "past the ttl");
        assertEquals(0, state.size());
    }

    @Test
    void aFullStateRejectsOrEvictsAsDeclaredNeverGrows()
    {
        final KeyedState rejecting = new KeyedState(2, 0, Long.MAX_VALUE, OverflowPolicy.REJECT);
        assertTrue(rejecting.setValue(1, 1));
        assertTrue(rejecting.setValue(2, 2));
        assertFalse(rejecting.setValue(3, 3));
        assertEquals(1, rejecting.rejects);
        assertTrue(rejecting.setValue(1, 10), "known keys are still written");

        final KeyedState evicting = new KeyedState(2, 0, Long.MAX_VALUE, OverflowPolicy.EVICT_OLDEST);
        evicting.setValue(1, 1);
        evicting.setValue(2, 2);
        assertTrue(evicting.setValue(3, 3));
        assertEquals(KeyedState.ABSENT, evicting.value(1), "the key that entered first made room");
        assertEquals(2, evicting.value(2));
        assertEquals(1, evicting.evictions);
        assertEquals(2, evicting.size());
    }

    @Test
    void mapStateIsBoundedPerKey()
    {
        final KeyedState state = new KeyedState(4, 2, Long.MAX_VALUE, OverflowPolicy.REJECT);
        assertTrue(state.putMapValue(7, 1, 100));
        assertTrue(state.putMapValue(7, 2, 200));
        assertFalse(state.putMapValue(7, 3, 300), "third entry of a two-entry map");
        assertTrue(state.putMapValue(7, 1, 111));
        assertEquals(111, state.mapValue(7, 1));
        state.clear(7);
        assertEquals(KeyedState.ABSENT, state.mapValue(7, 1));
    }

    @Test
    void randomOperationsAgreeWithAPlainReference()
    {
        final Random seeds = new Random(3);
        for (int run = 0; run < 500; run++)
        {
            final long seed = seeds.nextLong();
            final Random random = new Random(seed);
            final int maxKeys = 1 + random.nextInt(10);
            final long ttl = 1 + random.nextInt(50);
            final OverflowPolicy policy = random.nextBoolean() ? OverflowPolicy.REJECT : OverflowPolicy.EVICT_OLDEST;
            final KeyedState state = new KeyedState(maxKeys, 0, ttl, policy);
            final Map<Long, long[]> reference = new HashMap<>();
            final List<Long> order = new ArrayList<>();
            long now = 0;
            for (int i = 0; i < 400; i++)
            {
                now += random.nextInt(5);
                state.now(now);
                final long t = now;
                for (final Long key : new ArrayList<>(order))
                {
                    if (t - reference.get(key)[1] > ttl)
                    {
                        reference.remove(key);
                        order.remove(key);
                    }
                }
                final long key = random.nextInt(15);
                if (random.nextBoolean())
                {
                    final long[] entry = reference.get(key);
                    assertEquals(null == entry ? KeyedState.ABSENT : entry[0], state.value(key),
                        "seed " + seed + " step " + i + " read " + key);
                }
                else
                {
                    final long value = random.nextInt(1000);
                    boolean expected = true;
                    if (reference.containsKey(key))
                    {
                        reference.put(key, new long[]{ value, now });
                    }
                    else if (reference.size() < maxKeys)
                    {
                        reference.put(key, new long[]{ value, now });
                        order.add(key);
                    }
                    else if (policy == OverflowPolicy.EVICT_OLDEST)
                    {
                        reference.remove(order.remove(0));
                        reference.put(key, new long[]{ value, now });
                        order.add(key);
                    }
                    else
                    {
                        expected = false;
                    }
                    assertEquals(expected, state.setValue(key, value), "seed " + seed + " step " + i + " write");
                }
            }
        }
    }

    @Test
    void aProcessStepKeepsARunningCountPerKey()
    {
        final Pipeline pipeline = new Pipeline();
        final List<String> out = new ArrayList<>();
        pipeline.source("events", new TestEvent(), TestEvent::timestamp, 0)
            .keyBy(TestEvent::key)
            .process((key, e, ts, state, emitter) ->
            {
                final long previous = state.value(key);
                final long count = KeyedState.ABSENT == previous ? 1 : previous + 1;
                state.setValue(key, count);
                emitter.emit(TestEvent.encode(emitter.buffer(), e.id(), ts, key, count), ts);
            }, new TestEvent(), 16, 0, 100, OverflowPolicy.REJECT)
            .to((e, ts) -> out.add(e.key() + "#" + e.value()));

        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[32]);
        final long[][] input = { { 1, 10 }, { 2, 10 }, { 1, 20 }, { 1, 200 } };
        for (final long[] e : input)
        {
            TestEvent.encode(buffer, 0, e[1], e[0], 0);
            pipeline.source("events").push(buffer, 0, TestEvent.LENGTH, 0);
        }
        assertEquals(List.of("1#1", "2#1", "1#2", "1#1"), out, "the count of key 1 expired after 100");
    }
}
