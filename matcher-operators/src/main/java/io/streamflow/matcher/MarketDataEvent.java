package io.streamflow.matcher;

/**
 * A top-of-book change, or one level of a depth snapshot. Reused: read it during the callback only. A price of 0
 * with a quantity of 0 means the side is empty.
 */
public final class MarketDataEvent
{
    long commandSequence;
    int instrumentId;
    long bidPrice;
    long bidQuantity;
    long askPrice;
    long askQuantity;
    int level;
    int bidOrders;
    int askOrders;

    /**
     * @return engine sequence of the command after which this is the state.
     */
    public long commandSequence()
    {
        return commandSequence;
    }

    /**
     * @return the instrument.
     */
    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * @return best (or, in depth, this level's) bid price; 0 when none.
     */
    public long bidPrice()
    {
        return bidPrice;
    }

    /**
     * @return open quantity at that bid price.
     */
    public long bidQuantity()
    {
        return bidQuantity;
    }

    /**
     * @return best (or, in depth, this level's) ask price; 0 when none.
     */
    public long askPrice()
    {
        return askPrice;
    }

    /**
     * @return open quantity at that ask price.
     */
    public long askQuantity()
    {
        return askQuantity;
    }

    /**
     * @return depth level, 0 = best; 0 for top-of-book events.
     */
    public int level()
    {
        return level;
    }

    /**
     * @return orders at the bid level (depth only).
     */
    public int bidOrders()
    {
        return bidOrders;
    }

    /**
     * @return orders at the ask level (depth only).
     */
    public int askOrders()
    {
        return askOrders;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "MD cmd=" + commandSequence + " instr=" + instrumentId + " L" + level + " " + bidQuantity + "@" +
            bidPrice + "(" + bidOrders + ") / " + askQuantity + "@" + askPrice + "(" + askOrders + ")";
    }
}
