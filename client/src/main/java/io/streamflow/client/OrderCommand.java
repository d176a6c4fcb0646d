package io.streamflow.client;

import io.streamflow.sbe.BooleanType;
import io.streamflow.sbe.CancelOrderEncoder;
import io.streamflow.sbe.MassCancelEncoder;
import io.streamflow.sbe.MessageHeaderEncoder;
import io.streamflow.sbe.NewOrderEncoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.ReplaceOrderEncoder;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.agrona.MutableDirectBuffer;

/**
 * One order command (new, cancel, replace, mass cancel), set with one of its methods and sent with
 * {@link StreamFlowClient#offerCommand} or {@link StreamFlowClient#sendCommand}. Reusable: set it again for the next.
 * <p>
 * Not thread safe.
 */
public final class OrderCommand implements CommandWriter
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancel = new CancelOrderEncoder();
    private final ReplaceOrderEncoder replace = new ReplaceOrderEncoder();
    private final MassCancelEncoder massCancel = new MassCancelEncoder();

    private int templateId;
    private long clientOrderId;
    private long origClientOrderId;
    private long account;
    private int instrumentId;
    private Side side;
    private OrderType orderType;
    private TimeInForce timeInForce;
    private boolean postOnly;
    private long priceTicks;
    private long quantity;

    /**
     * @param clientOrderId the account's id for the order.
     * @param account       trading account.
     * @param instrumentId  book to trade in.
     * @param side          buy or sell.
     * @param orderType     limit or market.
     * @param timeInForce   GTC, IOC or FOK.
     * @param postOnly      reject rather than cross.
     * @param priceTicks    limit price (ignored for market orders).
     * @param quantity      to trade.
     * @return this, set to a new order.
     */
    public OrderCommand newOrder(
        final long clientOrderId,
        final long account,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long priceTicks,
        final long quantity)
    {
        this.templateId = NewOrderEncoder.TEMPLATE_ID;
        this.clientOrderId = clientOrderId;
        this.account = account;
        this.instrumentId = instrumentId;
        this.side = side;
        this.orderType = orderType;
        this.timeInForce = timeInForce;
        this.postOnly = postOnly;
        this.priceTicks = priceTicks;
        this.quantity = quantity;
        return this;
    }

    /**
     * @param clientOrderId     the cancel request's own id.
     * @param origClientOrderId the order to cancel.
     * @param account           owning account.
     * @param instrumentId      its instrument.
     * @return this, set to a cancel.
     */
    public OrderCommand cancel(
        final long clientOrderId, final long origClientOrderId, final long account, final int instrumentId)
    {
        this.templateId = CancelOrderEncoder.TEMPLATE_ID;
        this.clientOrderId = clientOrderId;
        this.origClientOrderId = origClientOrderId;
        this.account = account;
        this.instrumentId = instrumentId;
        return this;
    }

    /**
     * @param clientOrderId     the order's id from now on (may equal the original).
     * @param origClientOrderId the order to change.
     * @param account           owning account.
     * @param instrumentId      its instrument.
     * @param priceTicks        new limit price, 0 to keep it.
     * @param quantity          new total order quantity, what has filled included (FIX OrderQty), 0 to keep it.
     * @return this, set to a replace.
     */
    public OrderCommand replace(
        final long clientOrderId,
        final long origClientOrderId,
        final long account,
        final int instrumentId,
        final long priceTicks,
        final long quantity)
    {
        this.templateId = ReplaceOrderEncoder.TEMPLATE_ID;
        this.clientOrderId = clientOrderId;
        this.origClientOrderId = origClientOrderId;
        this.account = account;
        this.instrumentId = instrumentId;
        this.priceTicks = priceTicks;
        this.quantity = quantity;
        return this;
    }

    /**
     * @param account      whose orders to cancel.
     * @param instrumentId the instrument, or 0 for all.
     * @return this, set to a mass cancel.
     */
    public OrderCommand massCancel(final long account, final int instrumentId)
    {
        this.templateId = MassCancelEncoder.TEMPLATE_ID;
        this.account = account;
        this.instrumentId = instrumentId;
        return this;
    }

    /**
     * @return template id of the command set, 0 before any.
     */
    public int templateId()
    {
        return templateId;
    }

    /**
     * {@inheritDoc}
     */
    public int length()
    {
        final int blockLength;
        switch (templateId)
        {
            case NewOrderEncoder.TEMPLATE_ID -> blockLength = NewOrderEncoder.BLOCK_LENGTH;
            case CancelOrderEncoder.TEMPLATE_ID -> blockLength = CancelOrderEncoder.BLOCK_LENGTH;
            case ReplaceOrderEncoder.TEMPLATE_ID -> blockLength = ReplaceOrderEncoder.BLOCK_LENGTH;
            case MassCancelEncoder.TEMPLATE_ID -> blockLength = MassCancelEncoder.BLOCK_LENGTH;
            default -> throw new IllegalStateException("no order command set");
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + blockLength;
    }

    /**
     * {@inheritDoc}
     */
    public void write(
        final MutableDirectBuffer buffer, final int offset, final long clientId, final long clientSequence)
    {
        switch (templateId)
        {
            case NewOrderEncoder.TEMPLATE_ID -> newOrder.wrapAndApplyHeader(buffer, offset, header)
                .clientId(clientId)
                .clientSequence(clientSequence)
                .clientOrderId(clientOrderId)
                .account(account)
                .instrumentId(instrumentId)
                .side(side)
                .orderType(orderType)
                .timeInForce(timeInForce)
                .postOnly(postOnly ? BooleanType.TRUE : BooleanType.FALSE)
                .priceTicks(priceTicks)
                .quantity(quantity);
            case CancelOrderEncoder.TEMPLATE_ID -> cancel.wrapAndApplyHeader(buffer, offset, header)
                .clientId(clientId)
                .clientSequence(clientSequence)
                .clientOrderId(clientOrderId)
                .origClientOrderId(origClientOrderId)
                .account(account)
                .instrumentId(instrumentId);
            case ReplaceOrderEncoder.TEMPLATE_ID -> replace.wrapAndApplyHeader(buffer, offset, header)
                .clientId(clientId)
                .clientSequence(clientSequence)
                .clientOrderId(clientOrderId)
                .origClientOrderId(origClientOrderId)
                .account(account)
                .instrumentId(instrumentId)
                .priceTicks(priceTicks)
                .quantity(quantity);
            case MassCancelEncoder.TEMPLATE_ID -> massCancel.wrapAndApplyHeader(buffer, offset, header)
                .clientId(clientId)
                .clientSequence(clientSequence)
                .account(account)
                .instrumentId(instrumentId);
            default -> throw new IllegalStateException("no order command set");
        }
    }
}
