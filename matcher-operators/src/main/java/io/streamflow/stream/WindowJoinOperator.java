package io.streamflow.stream;

import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Windowed stream-stream join on a key: records of both inputs are copied into a pre-sized arena, grouped by key
 * and window; when the watermark (the minimum of the two inputs', idle inputs left out) passes a window's end,
 * every left record is paired with every right record of the same key and window, in arrival order. A record that
 * arrives within the allowed lateness is paired at once with the other side's records already there. Records too
 * late, or refused because the arena or the window pool is full, go to the late outputs, counted.
 *
 * @param <A> left record view.
 * @param <B> right record view.
 * @param <W> joined record view.
 */
final class WindowJoinOperator<A extends Flyweight, B extends Flyweight, W extends Flyweight>
    implements Counted, Snapshottable
{
    private final WindowSpec spec;
    private final ToLongFunction<A> leftKey;
    private final ToLongFunction<B> rightKey;
    private final JoinFunction<A, B> function;
    private final A leftView;
    private final B rightView;
    private final W outView;
    private final RecordArena arena;
    private final WindowTable<JoinWindow> windows;
    private final TimerHeap timers;
    private final ExpandableArrayBuffer outBuffer = new ExpandableArrayBuffer(256);
    final Fanout<W> downstream = new Fanout<>();
    final Fanout<A> lateLeft = new Fanout<>();
    final Fanout<B> lateRight = new Fanout<>();
    final Node<A> left = new LeftInput();
    final Node<B> right = new RightInput();
    private long leftWatermarkNs = Long.MIN_VALUE;
    private long rightWatermarkNs = Long.MIN_VALUE;
    private boolean isLeftIdle;
    private boolean isRightIdle;
    private long watermarkNs = Long.MIN_VALUE;
    long lateRecords;
    long capacityRejects;

    WindowJoinOperator(
        final WindowSpec spec,
        final ToLongFunction<A> leftKey,
        final ToLongFunction<B> rightKey,
        final JoinFunction<A, B> function,
        final A leftView,
        final B rightView,
        final W outView,
        final int maxWindows,
        final int maxRecords,
        final int maxRecordLength)
    {
        if (WindowSpec.Kind.SESSION == spec.kind())
        {
            throw new IllegalArgumentException("joins take tumbling or sliding windows");
        }
        this.spec = spec;
        this.leftKey = leftKey;
        this.rightKey = rightKey;
        this.function = function;
        this.leftView = leftView;
        this.rightView = rightView;
        this.outView = outView;
        this.arena = new RecordArena(maxRecords, maxRecordLength);
        this.windows = new WindowTable<>(maxWindows, JoinWindow::new);
        this.timers = new TimerHeap(maxWindows * 2);
    }

    private void onLeft(final A record, final long timestampNs)
    {
        if (!assign(true, leftKey.applyAsLong(record), timestampNs, record))
        {
            lateLeft.onRecord(record, timestampNs);
        }
    }

    private void onRight(final B record, final long timestampNs)
    {
        if (!assign(false, rightKey.applyAsLong(record), timestampNs, record))
        {
            lateRight.onRecord(record, timestampNs);
        }
    }

    /**
     * Put a record of one side into each of its windows (copying it), pairing it at once with the other side of
     * windows that have fired.
     *
     * @return false when it went into no window: too late (counted), or no room (counted).
     */
    private boolean assign(final boolean isLeft, final long key, final long timestampNs, final Flyweight record)
    {
        boolean added = false;
        boolean rejected = false;
        final long lastStart = Math.floorDiv(timestampNs, spec.slideNs()) * spec.slideNs();
        for (long start = lastStart; start > timestampNs - spec.sizeNs(); start -= spec.slideNs())
        {
            final long end = start + spec.sizeNs();
            if (isLate(end))
            {
                continue;
            }
            final JoinWindow window = findOrCreate(key, start, end);
            final int slot = null == window ? -1 : arena.store(record.buffer(), record.offset(), record.length());
            if (slot < 0)
            {
                rejected = true;
                continue;
            }
            added = true;
            if (isLeft)
            {
                window.addLeft(slot);
                for (int r = 0; window.isFired && r < window.rightCount; r++)
                {
                    emit(window, slot, window.rights[r]);
                }
            }
            else
            {
                window.addRight(slot);
                for (int l = 0; window.isFired && l < window.leftCount; l++)
                {
                    emit(window, window.lefts[l], slot);
                }
            }
        }
        if (!added)
        {
            if (rejected)
            {
                capacityRejects++;
            }
            else
            {
                lateRecords++;
            }
        }
        return added;
    }

    private void onInputWatermark()
    {
        final long candidate;
        if (isLeftIdle && isRightIdle)
        {
            return;
        }
        else if (isLeftIdle)
        {
            candidate = rightWatermarkNs;
        }
        else if (isRightIdle)
        {
            candidate = leftWatermarkNs;
        }
        else
        {
            candidate = Math.min(leftWatermarkNs, rightWatermarkNs);
        }
        if (candidate <= watermarkNs)
        {
            return;
        }
        watermarkNs = candidate;

        while (timers.size() > 0 && timers.peekTime() <= watermarkNs)
        {
            timers.pop();
            final KeyWindowList<JoinWindow> joinKey = windows.windowsOf(timers.poppedKey);
            final int index = null == joinKey ? -1 : joinKey.indexOf(timers.poppedStart);
            if (index < 0)
            {
                continue;
            }
            final JoinWindow window = joinKey.get(index);
            if (TimerHeap.FIRE == timers.poppedKind && !window.isFired)
            {
                window.isFired = true;
                for (int l = 0; l < window.leftCount; l++)
                {
                    for (int r = 0; r < window.rightCount; r++)
                    {
                        emit(window, window.lefts[l], window.rights[r]);
                    }
                }
                if (0 == spec.allowedLatenessNs())
                {
                    release(joinKey, index);
                }
                else
                {
                    timers.push(window.end - 1 + spec.allowedLatenessNs(), window.key, window.start, TimerHeap.CLEANUP);
                }
            }
            else if (TimerHeap.CLEANUP == timers.poppedKind)
            {
                release(joinKey, index);
            }
        }

        downstream.onWatermark(watermarkNs);
    }

    /**
     * {@inheritDoc}
     */
    public long lateRecords()
    {
        return lateRecords;
    }

    /**
     * {@inheritDoc}
     */
    public long capacityRejects()
    {
        return capacityRejects;
    }

    /**
     * {@inheritDoc}
     */
    public int stateType()
    {
        return 3;
    }

    /**
     * {@inheritDoc}
     */
    public void writeState(final StateWriter writer)
    {
        writer.putLong(leftWatermarkNs);
        writer.putLong(rightWatermarkNs);
        writer.putBoolean(isLeftIdle);
        writer.putBoolean(isRightIdle);
        writer.putLong(watermarkNs);
        writer.putLong(lateRecords);
        writer.putLong(capacityRejects);
        final List<JoinWindow> open = windows.sortedOpenWindows();
        writer.putInt(open.size());
        for (final JoinWindow window : open)
        {
            writer.putLong(window.key);
            writer.putLong(window.start);
            writer.putLong(window.end);
            writer.putBoolean(window.isFired);
            writeSlots(writer, window.lefts, window.leftCount);
            writeSlots(writer, window.rights, window.rightCount);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void readState(final StateReader reader)
    {
        if (0 != arena.used())
        {
            throw new IllegalStateException("restore needs a new pipeline");
        }
        leftWatermarkNs = reader.getLong();
        rightWatermarkNs = reader.getLong();
        isLeftIdle = reader.getBoolean();
        isRightIdle = reader.getBoolean();
        watermarkNs = reader.getLong();
        lateRecords = reader.getLong();
        capacityRejects = reader.getLong();
        final int count = reader.getInt();
        for (int i = 0; i < count; i++)
        {
            final long key = reader.getLong();
            final long start = reader.getLong();
            final long end = reader.getLong();
            final boolean isFired = reader.getBoolean();
            final JoinWindow window = findOrCreate(key, start, end);
            if (null == window)
            {
                throw new IllegalStateException("snapshot holds more join windows than this operator's capacity");
            }
            window.isFired = isFired;
            for (int side = 0; side < 2; side++)
            {
                final int records = reader.getInt();
                for (int r = 0; r < records; r++)
                {
                    final int length = reader.getBytesLength();
                    final int slot = arena.store(reader.buffer(), reader.position(), length);
                    if (slot < 0)
                    {
                        throw new IllegalStateException("snapshot holds more joined records than this capacity");
                    }
                    reader.skip(length);
                    if (0 == side)
                    {
                        window.addLeft(slot);
                    }
                    else
                    {
                        window.addRight(slot);
                    }
                }
            }
            if (isFired && spec.allowedLatenessNs() > 0)
            {
                timers.push(end - 1 + spec.allowedLatenessNs(), key, start, TimerHeap.CLEANUP);
            }
        }
    }

    private void writeSlots(final StateWriter writer, final int[] slots, final int count)
    {
        writer.putInt(count);
        for (int i = 0; i < count; i++)
        {
            writer.putBytes(arena.buffer(), arena.offsetOf(slots[i]), arena.lengthOf(slots[i]));
        }
    }

    private boolean isLate(final long end)
    {
        return Long.MIN_VALUE != watermarkNs && end - 1 + spec.allowedLatenessNs() <= watermarkNs;
    }

    private void emit(final JoinWindow window, final int leftSlot, final int rightSlot)
    {
        leftView.wrap(arena.buffer(), arena.offsetOf(leftSlot), arena.lengthOf(leftSlot));
        rightView.wrap(arena.buffer(), arena.offsetOf(rightSlot), arena.lengthOf(rightSlot));
        final int length = function.join(window.key, leftView, rightView, outBuffer);
        outView.wrap(outBuffer, 0, length);
        downstream.onRecord(outView, window.end - 1);
    }

    private JoinWindow findOrCreate(final long key, final long start, final long end)
    {
        JoinWindow window = windows.find(key, start);
        if (null == window)
        {
            window = windows.open(key, start, end);
            if (null != window)
            {
                window.leftCount = 0;
                window.rightCount = 0;
                timers.push(end - 1, key, start, TimerHeap.FIRE);
            }
        }
        return window;
    }

    private void release(final KeyWindowList<JoinWindow> joinKey, final int index)
    {
        final JoinWindow window = joinKey.get(index);
        for (int i = 0; i < window.leftCount; i++)
        {
            arena.release(window.lefts[i]);
        }
        for (int i = 0; i < window.rightCount; i++)
        {
            arena.release(window.rights[i]);
        }
        windows.release(joinKey, index);
    }

    private final class LeftInput extends Node<A>
    {
        void onRecord(final A record, final long timestampNs)
        {
            onLeft(record, timestampNs);
        }

        void onWatermark(final long watermarkNs)
        {
            leftWatermarkNs = watermarkNs;
            onInputWatermark();
        }

        void onIdle(final boolean isIdle)
        {
            isLeftIdle = isIdle;
            onInputWatermark();
        }
    }

    private final class RightInput extends Node<B>
    {
        void onRecord(final B record, final long timestampNs)
        {
            onRight(record, timestampNs);
        }

        void onWatermark(final long watermarkNs)
        {
            rightWatermarkNs = watermarkNs;
            onInputWatermark();
        }

        void onIdle(final boolean isIdle)
        {
            isRightIdle = isIdle;
            onInputWatermark();
        }
    }

    static final class JoinWindow extends KeyWindowList.Window
    {
        int[] lefts = new int[8];
        int leftCount;
        int[] rights = new int[8];
        int rightCount;

        void addLeft(final int slot)
        {
            if (leftCount == lefts.length)
            {
                lefts = Arrays.copyOf(lefts, lefts.length * 2);
            }
            lefts[leftCount++] = slot;
        }

        void addRight(final int slot)
        {
            if (rightCount == rights.length)
            {
                rights = Arrays.copyOf(rights, rights.length * 2);
            }
            rights[rightCount++] = slot;
        }
    }
}
