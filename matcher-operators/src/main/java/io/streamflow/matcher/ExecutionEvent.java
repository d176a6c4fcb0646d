package io.streamflow.matcher;

import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.OrderRejectReason;
import io.streamflow.sbe.Side;

/**
 * One state change of one order, reused for every event: read it during the callback only. Maps one to one onto the
 * protocol's ExecutionReport.
 */
public final class ExecutionEvent
{
    ExecType execType;
    OrderRejectReason reason;
    long commandSequence;
    long timestampNs;
    long clientId;
    long clientSequence;
    long orderId;
    long clientOrderId;
    long account;
    int instrumentId;
    Side side;
    long price;
    long quantity;
    long leavesQuantity;
    long cumQuantity;
    long lastPrice;
    long lastQuantity;

    /**
     * @return what happened to the order.
     */
    public ExecType execType()
    {
        return execType;
    }

    /**
     * @return why it was rejected or cancelled, {@link OrderRejectReason#NONE} otherwise.
     */
    public OrderRejectReason reason()
    {
        return reason;
    }

    /**
     * @return engine sequence of the command that caused the event.
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
     * @return client the report goes to: the order's owner.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * @return client sequence of the command when the owner sent it, -1 for an event on a resting order.
     */
    public long clientSequence()
    {
        return clientSequence;
    }

    /**
     * @return the order's id (0 when a command was rejected before any order existed).
     */
    public long orderId()
    {
        return orderId;
    }

    /**
     * @return the owner's id for the order.
     */
    public long clientOrderId()
    {
        return clientOrderId;
    }

    /**
     * @return the owner's account.
     */
    public long account()
    {
        return account;
    }

    /**
     * @return the instrument.
     */
    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * @return buy or sell.
     */
    public Side side()
    {
        return side;
    }

    /**
     * @return limit price, 0 for a market order.
     */
    public long price()
    {
        return price;
    }

    /**
     * @return order quantity: filled plus open.
     */
    public long quantity()
    {
        return quantity;
    }

    /**
     * @return quantity still open.
     */
    public long leavesQuantity()
    {
        return leavesQuantity;
    }

    /**
     * @return quantity filled so far.
     */
    public long cumQuantity()
    {
        return cumQuantity;
    }

    /**
     * @return price of the last fill, 0 when this is not a fill.
     */
    public long lastPrice()
    {
        return lastPrice;
    }

    /**
     * @return quantity of the last fill, 0 when this is not a fill.
     */
    public long lastQuantity()
    {
        return lastQuantity;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return execType + " " + reason + " cmd=" + commandSequence + " client=" + clientId + "/" + clientSequence +
            " order=" + orderId + " clOrd=" + clientOrderId + " acct=" + account + " instr=" + instrumentId + " " +
            side + " px=" + price + " qty=" + quantity + " leaves=" + leavesQuantity + " cum=" + cumQuantity +
            " last=" + lastQuantity + "@" + lastPrice;
    }
}
