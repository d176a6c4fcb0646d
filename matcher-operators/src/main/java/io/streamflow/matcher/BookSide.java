package io.streamflow.matcher;

/**
 * The price levels of one side of a book, sorted so that the best price is last: most activity is near the touch,
 * and there an insert or a removal moves few elements.
 * <pre>
 *   bids: levels[0] = lowest  ... levels[count - 1] = highest (best)
 *   asks: levels[0] = highest ... levels[count - 1] = lowest  (best)
 * </pre>
 */
final class BookSide
{
    private final boolean isBid;
    private PriceLevel[] levels;
    private int count;

    BookSide(final boolean isBid, final int initialLevels)
    {
        this.isBid = isBid;
        this.levels = new PriceLevel[Math.max(4, initialLevels)];
    }

    int levelCount()
    {
        return count;
    }

    /**
     * @return the best level, or null when the side is empty.
     */
    PriceLevel best()
    {
        return 0 == count ? null : levels[count - 1];
    }

    /**
     * @param depth 0 for the best level, 1 for the next, ...
     * @return the level, or null past the last.
     */
    PriceLevel levelAt(final int depth)
    {
        return depth < count ? levels[count - 1 - depth] : null;
    }

    /**
     * Is {@code a} a better price than {@code b} on this side?
     */
    boolean isBetter(final long a, final long b)
    {
        return isBid ? a > b : a < b;
    }

    PriceLevel find(final long price)
    {
        final int index = indexOf(price);
        return index >= 0 ? levels[index] : null;
    }

    /**
     * Insert a level that is not there yet.
     */
    void insert(final PriceLevel level)
    {
        final int index = -indexOf(level.price) - 1;
        if (count == levels.length)
        {
            // Grows only past the configured initial level count: a one-off, not steady state.
            levels = java.util.Arrays.copyOf(levels, levels.length * 2);
        }
        System.arraycopy(levels, index, levels, index + 1, count - index);
        levels[index] = level;
        count++;
    }

    void remove(final PriceLevel level)
    {
        final int index = indexOf(level.price);
        System.arraycopy(levels, index + 1, levels, index, count - index - 1);
        levels[--count] = null;
    }

    /**
     * Binary search in ascending "worse to better" order.
     *
     * @return the index, or -(insertion point) - 1.
     */
    private int indexOf(final long price)
    {
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long midPrice = levels[mid].price;
            if (midPrice == price)
            {
                return mid;
            }
            if (isBetter(price, midPrice))
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return -(low + 1);
    }
}
