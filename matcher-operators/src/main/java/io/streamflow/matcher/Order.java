package io.streamflow.matcher;

/**
 * An open order: a pooled node in its price level's queue (time priority) and in its account's list (acceptance
 * order). Reused after it completes; every field is set again on reuse.
 */
final class Order
{
    long orderId;
    long clientId;
    long account;
    long clientOrderId;
    int instrumentId;
    boolean isBuy;
    boolean isPostOnly;
    long price;
    long quantity;
    long leaves;
    long cumQuantity;

    Account owner;
    PriceLevel level;
    Order prevInLevel;
    Order nextInLevel;
    Order prevInAccount;
    Order nextInAccount;
    Order nextFree;

    void clearLinks()
    {
        owner = null;
        level = null;
        prevInLevel = null;
        nextInLevel = null;
        prevInAccount = null;
        nextInAccount = null;
    }
}
