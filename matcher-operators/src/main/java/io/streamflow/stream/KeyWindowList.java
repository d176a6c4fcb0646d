package io.streamflow.stream;

import java.util.Arrays;

/**
 * The windows one key has open, few and unordered: found by start, removed by swapping in the last. Pooled with
 * its key; grows once to the most windows a key has open at a time.
 *
 * @param <W> window state.
 */
final class KeyWindowList<W extends KeyWindowList.Window>
{
    /**
     * An open window [start, end) of one key; operators add their own state.
     */
    abstract static class Window
    {
        long key;
        long start;
        long end;
        boolean isFired;
    }

    long key;
    Window[] windows = new Window[4];
    int count;

    @SuppressWarnings("unchecked")
    W get(final int index)
    {
        return (W)windows[index];
    }

    int indexOf(final long start)
    {
        for (int i = 0; i < count; i++)
        {
            if (windows[i].start == start)
            {
                return i;
            }
        }
        return -1;
    }

    void add(final W window)
    {
        if (count == windows.length)
        {
            windows = Arrays.copyOf(windows, windows.length * 2);
        }
        windows[count++] = window;
    }

    void removeAt(final int index)
    {
        windows[index] = windows[--count];
        windows[count] = null;
    }
}
