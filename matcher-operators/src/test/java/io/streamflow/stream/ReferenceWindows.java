package io.streamflow.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Windows computed the obvious way: every window keeps the full list of its events, and each result is recomputed
 * from that list when it is emitted. The same rules as the operator: a window [start, end) fires when the watermark
 * reaches end - 1, takes late events (and fires again) until the watermark reaches end - 1 + lateness; an event too
 * late for all its windows goes to the late output.
 */
final class ReferenceWindows
{
    private static final class Window
    {
        final long key;
        long start;
        long end;
        boolean fired;
        final List<TestEvent.Event> events = new ArrayList<>();

        Window(final long key, final long start, final long end)
        {
            this.key = key;
            this.start = start;
            this.end = end;
        }
    }

    private final WindowSpec spec;
    private final long boundNs;
    private final List<Window> windows = new ArrayList<>();
    final List<String> results = new ArrayList<>();
    final List<Long> late = new ArrayList<>();
    private long maxTimestamp = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;

    ReferenceWindows(final WindowSpec spec, final long boundNs)
    {
        this.spec = spec;
        this.boundNs = boundNs;
    }

    void onEvent(final TestEvent.Event e)
    {
        if (spec.kind() == WindowSpec.Kind.SESSION)
        {
            session(e);
        }
        else
        {
            boolean added = false;
            final long lastStart = Math.floorDiv(e.timestamp(), spec.slideNs()) * spec.slideNs();
            for (long start = lastStart; start > e.timestamp() - spec.sizeNs(); start -= spec.slideNs())
            {
                final long end = start + spec.sizeNs();
                if (isLate(end))
                {
                    continue;
                }
                Window w = find(e.key(), start);
                if (w == null)
                {
                    w = new Window(e.key(), start, end);
                    windows.add(w);
                }
                w.events.add(e);
                added = true;
                if (end - 1 <= watermark)
                {
                    emit(w);
                }
            }
            if (!added)
            {
                late.add(e.id());
            }
        }

        if (e.timestamp() > maxTimestamp)
        {
            maxTimestamp = e.timestamp();
            final long candidate = e.timestamp() - boundNs - 1;
            if (candidate > watermark)
            {
                advance(candidate);
            }
        }
    }

    private void session(final TestEvent.Event e)
    {
        long start = e.timestamp();
        long end = e.timestamp() + spec.gapNs();
        final List<Window> overlapping = new ArrayList<>();
        for (final Window w : windows)
        {
            if (w.key == e.key() && w.start <= end && w.end >= start)
            {
                overlapping.add(w);
                start = Math.min(start, w.start);
                end = Math.max(end, w.end);
            }
        }
        if (isLate(end))
        {
            late.add(e.id());
            return;
        }
        final Window merged = new Window(e.key(), start, end);
        boolean wasFired = false;
        for (final Window w : overlapping)
        {
            merged.events.addAll(w.events);
            wasFired |= w.fired;
            windows.remove(w);
        }
        merged.fired = wasFired && end - 1 <= watermark;
        merged.events.add(e);
        windows.add(merged);
        if (end - 1 <= watermark)
        {
            emit(merged);
        }
    }

    private void advance(final long newWatermark)
    {
        watermark = newWatermark;
        final List<Window> due = new ArrayList<>();
        for (final Window w : windows)
        {
            if (!w.fired && w.end - 1 <= watermark)
            {
                due.add(w);
            }
        }
        due.sort(Comparator.comparingLong((Window w) -> w.end).thenComparingLong(w -> w.key)
            .thenComparingLong(w -> w.start));
        for (final Window w : due)
        {
            emit(w);
        }
        windows.removeIf((w) -> w.end - 1 + spec.allowedLatenessNs() <= watermark);
    }

    private boolean isLate(final long end)
    {
        return watermark != Long.MIN_VALUE && end - 1 + spec.allowedLatenessNs() <= watermark;
    }

    private Window find(final long key, final long start)
    {
        for (final Window w : windows)
        {
            if (w.key == key && w.start == start)
            {
                return w;
            }
        }
        return null;
    }

    private void emit(final Window w)
    {
        w.fired = true;
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long maxTag = Long.MAX_VALUE;
        for (final TestEvent.Event e : w.events)
        {
            sum += e.value();
            min = Math.min(min, e.value());
            if (e.value() > max || (e.value() == max && e.id() < maxTag))
            {
                max = e.value();
                maxTag = e.id();
            }
        }
        final long count = w.events.size();
        final double mean = (double)sum / count;
        results.add("key=" + w.key + " [" + w.start + "," + w.end + ") count=" + count + " values=" + count + "," +
            sum + "," + min + "," + max + "," + Double.doubleToRawLongBits(mean) + "," + max + "," + maxTag);
    }
}
