package io.streamflow.perf;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the machine itself did while a scenario ran, in the manner of jHiccup: a thread that only sleeps for a fixed
 * resolution and records by how much each wake-up came late, as if it were a request expected every resolution
 * (coordinated omission corrected, so one 10 ms stall counts as the ten 1 ms wake-ups it swallowed). It sleeps rather
 * than spins, so it takes no core from what it watches; a late wake-up is a stall that any thread of the run could
 * have suffered (the scheduler, the JVM's safepoints, the page cache, other tenants).
 * <p>
 * Its record is kept in intervals of 250 ms, each tagged with its span, so that a scenario's measured window (after
 * set-up and warm-up) can be cut out of a run: {@link #window(long, long)}.
 */
final class HiccupMeter implements AutoCloseable
{
    /** jHiccup's default resolution. */
    static final long DEFAULT_RESOLUTION_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Span of each interval of the record. */
    static final long INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long STALL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long resolutionNs;
    private final Thread thread;
    private final List<Window> intervals = new ArrayList<>();
    private volatile boolean running = true;
    private Histogram current = newHistogram();
    private long intervalStartNs;
    private long stalls;
    private long stalledNs;

    /**
     * A meter not yet running: {@link #start(long)} runs one; a test may record into it by hand.
     *
     * @param resolutionNs how long each sleep is meant to be.
     */
    HiccupMeter(final long resolutionNs)
    {
        this.resolutionNs = resolutionNs;
        this.thread = new Thread(this::run, "hiccup-meter");
        thread.setDaemon(true);
    }

    /**
     * @return a meter at jHiccup's resolution, already running.
     */
    static HiccupMeter start()
    {
        return start(DEFAULT_RESOLUTION_NS);
    }

    /**
     * @param resolutionNs how long each sleep is meant to be.
     * @return a meter, already running.
     */
    static HiccupMeter start(final long resolutionNs)
    {
        final HiccupMeter meter = new HiccupMeter(resolutionNs);
        meter.thread.start();
        return meter;
    }

    private void run()
    {
        long beforeNs = System.nanoTime();
        begin(beforeNs);
        while (running)
        {
            LockSupport.parkNanos(resolutionNs);
            final long afterNs = System.nanoTime();
            onWakeUp(beforeNs, afterNs);
            beforeNs = afterNs;
        }
        end(beforeNs);
    }

    /**
     * Start the record at a time; only the meter's thread (or a test in its place) records.
     */
    void begin(final long nowNs)
    {
        intervalStartNs = nowNs;
    }

    /**
     * One wake-up of a sleep of the resolution that began at {@code beforeNs}.
     */
    void onWakeUp(final long beforeNs, final long afterNs)
    {
        final long lateNs = Math.max(0, afterNs - beforeNs - resolutionNs);
        current.recordValueWithExpectedInterval(Math.min(lateNs, HIGHEST_NS), resolutionNs);
        if (lateNs >= STALL_NS)
        {
            stalls++;
            stalledNs += lateNs;
        }
        if (afterNs - intervalStartNs >= INTERVAL_NS)
        {
            end(afterNs);
            current = newHistogram();
            stalls = 0;
            stalledNs = 0;
            intervalStartNs = afterNs;
        }
    }

    /**
     * Close the interval being recorded at a time.
     */
    void end(final long nowNs)
    {
        add(new Window(intervalStartNs, nowNs, current, stalls, stalledNs));
    }

    private synchronized void add(final Window interval)
    {
        intervals.add(interval);
    }

    /**
     * What was recorded within a window of {@link System#nanoTime()} (the same monotonic clock in every process of
     * this machine), taking each interval of the record whose middle lies inside.
     *
     * @param fromNs start of the window.
     * @param toNs   end of the window.
     * @return the hiccups in it, or all of them when no interval lies inside (a window from another clock).
     */
    synchronized Window window(final long fromNs, final long toNs)
    {
        final Window sum = sum((interval) ->
        {
            final long midNs = interval.startNs + (interval.endNs - interval.startNs) / 2;
            return midNs - fromNs >= 0 && toNs - midNs >= 0;
        });
        return null != sum ? sum : all();
    }

    /**
     * @return every hiccup recorded so far.
     */
    synchronized Window all()
    {
        final Window sum = sum((interval) -> true);
        final long nowNs = System.nanoTime();
        return null != sum ? sum : new Window(nowNs, nowNs, newHistogram(), 0, 0);
    }

    private Window sum(final java.util.function.Predicate<Window> taken)
    {
        Window sum = null;
        for (final Window interval : intervals)
        {
            if (taken.test(interval))
            {
                sum = null == sum ? interval.copy() : sum.plus(interval);
            }
        }
        return sum;
    }

    /**
     * @return the resolution each wake-up is measured against.
     */
    long resolutionNs()
    {
        return resolutionNs;
    }

    /**
     * Stop the meter thread, keeping what it recorded.
     */
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Microseconds, two significant digits: about 20 KB, so that the record's four new intervals a second allocate
     * too little to bring on a collection in the run it watches.
     */
    private static Histogram newHistogram()
    {
        return new Histogram(TimeUnit.MICROSECONDS.toNanos(1), HIGHEST_NS, 2);
    }

    /**
     * What the meter saw in a span of time.
     *
     * @param startNs   of the span, {@link System#nanoTime()}.
     * @param endNs     of the span.
     * @param lateNs    how late each wake-up came, coordinated omission corrected.
     * @param stalls    wake-ups that came a millisecond or more late.
     * @param stalledNs how late those came, summed: time the meter lost to stalls.
     */
    record Window(long startNs, long endNs, Histogram lateNs, long stalls, long stalledNs)
    {
        /**
         * @return the span's length.
         */
        long durationNs()
        {
            return endNs - startNs;
        }

        Window copy()
        {
            return new Window(startNs, endNs, lateNs.copy(), stalls, stalledNs);
        }

        Window plus(final Window other)
        {
            final Histogram sum = lateNs.copy();
            sum.add(other.lateNs);
            return new Window(Math.min(startNs, other.startNs), Math.max(endNs, other.endNs), sum,
                stalls + other.stalls, stalledNs + other.stalledNs);
        }
    }
}
