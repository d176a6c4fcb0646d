package io.streamflow.perf;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HiccupMeterTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aLateWakeUpCountsTheWakeUpsItSwallowedAndItsStall()
    {
        final HiccupMeter meter = new HiccupMeter(MS);
        long nowNs = 0;
        meter.begin(nowNs);
        for (int i = 0; i < 50; i++)
        {
            meter.onWakeUp(nowNs, nowNs + MS);
            nowNs += MS;
        }
        meter.onWakeUp(nowNs, nowNs + 11 * MS);
        nowNs += 11 * MS;
        meter.end(nowNs);

        final HiccupMeter.Window all = meter.all();
        assertEquals(1, all.stalls());
        assertEquals(10 * MS, all.stalledNs());
        assertEquals(50 + 10, all.lateNs().getTotalCount(), "the 10 ms stall stands for the ten wake-ups it took");
        assertEquals(10 * MS, all.lateNs().getMaxValue(), MS / 100.0);
        assertEquals(4 * MS, all.lateNs().getValueAtPercentile(90), MS / 100.0,
            "54th of 60: fifty on time, then 1, 2, 3, 4 ms");
        assertEquals(0, all.lateNs().getValueAtPercentile(50));
    }

    @Test
    void aWindowTakesTheIntervalsWhoseMiddleIsInside()
    {
        final HiccupMeter meter = new HiccupMeter(MS);
        long nowNs = 1_000 * MS;
        meter.begin(nowNs);
        // Three intervals of 100 ms: on time, one 5 ms stall, on time.
        for (int interval = 0; interval < 3; interval++)
        {
            for (int i = 0; i < 100; i++)
            {
                final long lateNs = 1 == interval && 50 == i ? 5 * MS : 0;
                meter.onWakeUp(nowNs, nowNs + MS + lateNs);
                nowNs += MS + lateNs;
            }
        }
        meter.end(nowNs);

        final long firstEndNs = 1_100 * MS;
        final HiccupMeter.Window first = meter.window(1_000 * MS, firstEndNs + 10 * MS);
        assertEquals(0, first.stalls(), "only the first interval: no stall");
        assertEquals(100, first.lateNs().getTotalCount());
        final HiccupMeter.Window second = meter.window(firstEndNs, firstEndNs + 105 * MS);
        assertEquals(1, second.stalls());
        assertEquals(5 * MS, second.stalledNs());
        assertEquals(1, meter.window(0, Long.MAX_VALUE / 2).stalls(), "the whole record has the one stall");
        assertEquals(1, meter.window(-50 * MS, -40 * MS).stalls(),
            "a window that matches no interval (another clock) gets the whole record");
    }

    @Test
    void aRunningMeterRecordsWakeUpsUntilClosed() throws Exception
    {
        final HiccupMeter meter = HiccupMeter.start();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (meter.all().lateNs().getTotalCount() < 20 && System.nanoTime() - deadlineNs < 0)
        {
            Thread.sleep(50);
        }
        meter.close();
        final long count = meter.all().lateNs().getTotalCount();
        assertTrue(count >= 20, "wake-ups recorded: " + count);
        Thread.sleep(20);
        assertEquals(count, meter.all().lateNs().getTotalCount(), "nothing recorded after close");
    }
}
