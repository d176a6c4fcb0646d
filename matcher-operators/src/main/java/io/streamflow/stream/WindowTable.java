package io.streamflow.stream;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The open windows of a keyed operator, by key then start. Windows and per-key lists come from pools sized at
 * construction, so opening and releasing windows allocates nothing; a full pool is the caller's capacity reject.
 *
 * @param <W> window state.
 */
final class WindowTable<W extends KeyWindowList.Window>
{
    private final Long2ObjectHashMap<KeyWindowList<W>> byKey;
    private final Object[] windowPool;
    private int freeWindows;
    private final Object[] keyPool;
    private int freeKeys;

    WindowTable(final int maxWindows, final Supplier<W> newWindow)
    {
        byKey = new Long2ObjectHashMap<>(Math.max(16, maxWindows * 2), 0.65f);
        windowPool = new Object[maxWindows];
        keyPool = new Object[maxWindows];
        for (int i = 0; i < maxWindows; i++)
        {
            windowPool[i] = newWindow.get();
            keyPool[i] = new KeyWindowList<W>();
        }
        freeWindows = maxWindows;
        freeKeys = maxWindows;
    }

    /**
     * @param key of the windows.
     * @return the key's open windows, or null when it has none.
     */
    KeyWindowList<W> windowsOf(final long key)
    {
        return byKey.get(key);
    }

    /**
     * @return the key's window that starts at start, or null.
     */
    W find(final long key, final long start)
    {
        final KeyWindowList<W> windows = byKey.get(key);
        final int index = null == windows ? -1 : windows.indexOf(start);
        return index < 0 ? null : windows.get(index);
    }

    /**
     * Open a window [start, end) for the key, not yet fired; the caller resets its own state in it.
     *
     * @return the window, or null when the pool is full.
     */
    @SuppressWarnings("unchecked")
    W open(final long key, final long start, final long end)
    {
        KeyWindowList<W> windows = byKey.get(key);
        if (0 == freeWindows || (null == windows && 0 == freeKeys))
        {
            return null;
        }
        if (null == windows)
        {
            windows = (KeyWindowList<W>)keyPool[--freeKeys];
            windows.key = key;
            byKey.put(key, windows);
        }
        final W window = (W)windowPool[--freeWindows];
        window.key = key;
        window.start = start;
        window.end = end;
        window.isFired = false;
        windows.add(window);
        return window;
    }

    /**
     * Return the window at index of its key's list to the pool, and the list too once it is empty.
     */
    void release(final KeyWindowList<W> windows, final int index)
    {
        windowPool[freeWindows++] = windows.get(index);
        windows.removeAt(index);
        if (0 == windows.count)
        {
            byKey.remove(windows.key);
            keyPool[freeKeys++] = windows;
        }
    }

    int openWindows()
    {
        return windowPool.length - freeWindows;
    }

    /**
     * @return the open windows in key then start order, for a snapshot (allocates; not for the hot path).
     */
    List<W> sortedOpenWindows()
    {
        final List<W> open = new ArrayList<>(openWindows());
        for (final KeyWindowList<W> windows : byKey.values())
        {
            for (int i = 0; i < windows.count; i++)
            {
                open.add(windows.get(i));
            }
        }
        open.sort(Comparator.comparingLong((W w) -> w.key).thenComparingLong(w -> w.start));
        return open;
    }
}
