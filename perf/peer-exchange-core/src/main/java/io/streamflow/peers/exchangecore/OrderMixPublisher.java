package io.streamflow.peers.exchangecore;

import exchange.core2.core.ExchangeApi;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import io.streamflow.client.load.OrderMix;

/**
 * The bench's {@link OrderMix} into exchange-core, through the primitive-argument methods of its API (no command
 * objects). Where the two matchers differ, the nearest exchange-core command stands in: a market order is an IOC
 * order priced {@link #MARKET_REACH_TICKS} through the mid; a replace is a move (price only, the size stays).
 * Client order ids are exchange-core order ids and accounts are its user ids.
 * <p>
 * Not thread safe: used by the sending thread only.
 */
final class OrderMixPublisher
{
    /** How far through the mid a market order is priced. */
    static final long MARKET_REACH_TICKS = 1_000;

    private static final long BID_RESERVE_PRICE = OrderMix.MID_PRICE + MARKET_REACH_TICKS;

    private final ExchangeApi api;
    private final int symbolId;
    private final OrderMix mix;

    OrderMixPublisher(final ExchangeApi api, final int symbolId, final long seed)
    {
        this.api = api;
        this.symbolId = symbolId;
        this.mix = new OrderMix(seed);
    }

    /**
     * Draw the next command of the mix and publish it; blocks while exchange-core's ring is full.
     *
     * @param timestampNs carried by the command to the results consumer: its intended send time.
     */
    void publishNext(final long timestampNs)
    {
        final OrderMix.Action action = mix.next();
        final OrderAction side = mix.buy() ? OrderAction.BID : OrderAction.ASK;
        switch (action)
        {
            case CANCEL -> api.cancelOrder(0, 0, timestampNs, mix.targetOrderId(), symbolId, mix.targetAccount());
            case REPLACE -> api.moveOrder(0, 0, timestampNs, mix.priceTicks(), mix.targetOrderId(), symbolId,
                mix.targetAccount());
            case LIMIT_GTC -> place(timestampNs, side, OrderType.GTC, mix.priceTicks());
            case LIMIT_IOC -> place(timestampNs, side, OrderType.IOC, mix.priceTicks());
            default -> place(timestampNs, side, OrderType.IOC,
                OrderMix.MID_PRICE + (OrderAction.BID == side ? MARKET_REACH_TICKS : -MARKET_REACH_TICKS));
        }
        mix.accepted();
    }

    private void place(final long timestampNs, final OrderAction side, final OrderType type, final long priceTicks)
    {
        // A bid's reserve price bounds the prices it may later move to: the highest the mix uses. Nothing is held
        // against it, as no risk processing runs.
        api.placeNewOrder(0, 0, timestampNs, mix.clientOrderId(), 0, priceTicks,
            OrderAction.BID == side ? BID_RESERVE_PRICE : 0, mix.quantity(), side, type, symbolId, mix.account());
    }
}
