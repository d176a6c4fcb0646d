package io.streamflow.matcher;

import io.streamflow.sbe.Side;

/**
 * One match between a resting (maker) and an incoming (taker) order, at the maker's price. Reused: read it during
 * the callback only.
 */
public final class TradeEvent
{
    long commandSequence;
    long timestampNs;
    long tradeId;
    int instrumentId;
    long makerOrderId;
    long takerOrderId;
    long price;
    long quantity;
    Side aggressorSide;

    /**
     * @return engine sequence of the command that traded.
     */
    public long commandSequence()
    {
        return commandSequence;
    }

    /**
     * @return sequencing time of that command.
     */
    public long timestampNs()
    {
        return timestampNs;
    }

    /**
     * @return trade id, increasing from 1.
     */
    public long tradeId()
    {
        return tradeId;
    }

    /**
     * @return the instrument.
     */
    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * @return the resting order.
     */
    public long makerOrderId()
    {
        return makerOrderId;
    }

    /**
     * @return the incoming order.
     */
    public long takerOrderId()
    {
        return takerOrderId;
    }

    /**
     * @return trade price: the maker's.
     */
    public long price()
    {
        return price;
    }

    /**
     * @return quantity traded.
     */
    public long quantity()
    {
        return quantity;
    }

    /**
     * @return side of the taker.
     */
    public Side aggressorSide()
    {
        return aggressorSide;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "TRADE cmd=" + commandSequence + " id=" + tradeId + " instr=" + instrumentId + " maker=" +
            makerOrderId + " taker=" + takerOrderId + " " + quantity + "@" + price + " aggressor=" + aggressorSide;
    }
}
