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
        assertEquals(10 * MS, all.lateNs().getMaxValue(), MS / 10.0);
        assertEquals(4 * MS, all.lateNs().getValueAtPercentile(90), MS / 10.0,
            "54th of 60: fifty on time, then 1, 2, 3, 4 ms");
        assertTrue(all.lateNs().getValueAtPercentile(50) < 1_000, "on time, to the histogram's microsecond");
    }

    @Test
    void aWindowTakesTheIntervalsWhoseMiddleIsInside()
    {
        final HiccupMeter meter = new HiccupMeter(MS);
        long nowNs = 1_000 * MS;
        meter.begin(nowNs);
        // Three intervals: on time, one 5 ms stall, on time.
        final int wakeUps = (int)(HiccupMeter.INTERVAL_NS / MS);
        for (int interval = 0; interval < 3; interval++)
        {
            for (int i = 0; i < wakeUps; i++)
            {
                final long lateNs = 1 == interval && 50 == i ? 5 * MS : 0;
                meter.onWakeUp(nowNs, nowNs + MS + lateNs);
                nowNs += MS + lateNs;
            }
        }
        meter.end(nowNs);

        final long firstEndNs = 1_000 * MS + HiccupMeter.INTERVAL_NS;
        final HiccupMeter.Window first = meter.window(1_000 * MS, firstEndNs + 10 * MS);
        assertEquals(0, first.stalls(), "only the first interval: no stall");
        assertEquals(wakeUps, first.lateNs().getTotalCount());
        final HiccupMeter.Window second = meter.window(firstEndNs, firstEndNs + HiccupMeter.INTERVAL_NS + 5 * MS);
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
        while (meter.all().lateNs().getTotalCount() < 300 && System.nanoTime() - deadlineNs < 0)
        {
            Thread.sleep(50);
        }
        meter.close();
        final long count = meter.all().lateNs().getTotalCount();
        assertTrue(count >= 300, "wake-ups recorded: " + count);
        Thread.sleep(20);
        assertEquals(count, meter.all().lateNs().getTotalCount(), "nothing recorded after close");
    }
}
