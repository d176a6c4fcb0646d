package io.streamflow.matcher;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The open orders of one account: by client order id, and in acceptance order for mass cancels; and the client order
 * ids its orders used today ({@link UsedClientOrderIds}).
 */
final class Account
{
    final long account;
    final Long2ObjectHashMap<Order> byClientOrderId;
    final UsedClientOrderIds usedToday;
    int openOrders;
    Order head;
    Order tail;

    Account(final long account, final int expectedOrders, final int clientOrderIdMemory)
    {
        this.account = account;
        this.byClientOrderId = new Long2ObjectHashMap<>(Math.max(8, expectedOrders), 0.65f);
        this.usedToday = new UsedClientOrderIds(clientOrderIdMemory);
    }

    /**
     * @param clientOrderId an id.
     * @return true when an open order has it, or an order accepted today used it.
     */
    boolean hasUsed(final long clientOrderId)
    {
        return byClientOrderId.containsKey(clientOrderId) || usedToday.contains(clientOrderId);
    }

    void add(final Order order)
    {
        order.owner = this;
        byClientOrderId.put(order.clientOrderId, order);
        order.prevInAccount = tail;
        order.nextInAccount = null;
        if (null == tail)
        {
            head = order;
        }
        else
        {
            tail.nextInAccount = order;
        }
        tail = order;
        openOrders++;
    }

    void remove(final Order order)
    {
        byClientOrderId.remove(order.clientOrderId);
        if (null == order.prevInAccount)
        {
            head = order.nextInAccount;
        }
        else
        {
            order.prevInAccount.nextInAccount = order.nextInAccount;
        }
        if (null == order.nextInAccount)
        {
            tail = order.prevInAccount;
        }
        else
        {
            order.nextInAccount.prevInAccount = order.prevInAccount;
        }
        order.prevInAccount = null;
        order.nextInAccount = null;
        openOrders--;
    }
}
