package io.streamflow.matcher;

/**
 * All open orders at one price on one side, oldest first. Pooled and reused.
 */
final class PriceLevel
{
    long price;
    long totalLeaves;
    int orderCount;
    Order head;
    Order tail;
    PriceLevel nextFree;

    void append(final Order order)
    {
        order.level = this;
        order.prevInLevel = tail;
        order.nextInLevel = null;
        if (null == tail)
        {
            head = order;
        }
        else
        {
            tail.nextInLevel = order;
        }
        tail = order;
        totalLeaves += order.leaves;
        orderCount++;
    }

    void remove(final Order order)
    {
        if (null == order.prevInLevel)
        {
            head = order.nextInLevel;
        }
        else
        {
            order.prevInLevel.nextInLevel = order.nextInLevel;
        }
        if (null == order.nextInLevel)
        {
            tail = order.prevInLevel;
        }
        else
        {
            order.nextInLevel.prevInLevel = order.prevInLevel;
        }
        totalLeaves -= order.leaves;
        orderCount--;
        order.level = null;
        order.prevInLevel = null;
        order.nextInLevel = null;
    }

    boolean isEmpty()
    {
        return null == head;
    }
}
