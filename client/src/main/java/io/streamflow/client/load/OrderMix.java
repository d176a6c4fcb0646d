package io.streamflow.client.load;

import java.util.SplittableRandom;

/**
 * The bench's order mix, in the spirit of exchange-core's tests, as plain values so that any matcher can be driven
 * with it: StreamFlow's through {@link OrderTarget}, a peer's through its own API. Each {@link #next()} draws one
 * command: 35 % cancels of the oldest resting order, 40 % GTC limit orders one to ten ticks from the mid (they rest),
 * 15 % IOC limits five ticks through the mid (they cross), 5 % price moves of the oldest resting order, 5 % market
 * orders. Orders rotate through {@link #ACCOUNTS} accounts, so they trade with each other. At most
 * {@link #MAX_RESTING} GTC orders are tracked; beyond that every draw cancels the oldest.
 * <p>
 * The draws depend only on the seed and on which commands were {@link #accepted()}, never on the matcher's answers,
 * so two matchers given the same seed see the same commands.
 * <p>
 * Uses nothing but the JDK, so that a peer running on other versions of our libraries can use it too. Not thread
 * safe.
 */
public final class OrderMix
{
    /** Accounts the orders rotate through. */
    public static final int ACCOUNTS = 8;
    /** GTC orders tracked as resting, at most. */
    public static final int MAX_RESTING = 2_048;
    /** Price around which the mix quotes, in ticks. */
    public static final long MID_PRICE = 10_000;

    /**
     * What a drawn command does.
     */
    public enum Action
    {
        /** A new limit order, good till cancelled, near the touch. */
        LIMIT_GTC,
        /** A new limit order, immediate or cancel, through the mid. */
        LIMIT_IOC,
        /** A new market order (immediate or cancel, no price). */
        MARKET,
        /** Cancel of the oldest resting order. */
        CANCEL,
        /** Price and quantity change of the oldest resting order. */
        REPLACE
    }

    private final SplittableRandom random;
    private final long[] resting = new long[MAX_RESTING];
    private int restingHead;
    private int restingCount;
    private long nextClientOrderId = 1;

    private Action action;
    private boolean buy;
    private long priceTicks;
    private long quantity;
    private long targetOrderId;
    private boolean rests;

    /**
     * @param seed of the draws.
     */
    public OrderMix(final long seed)
    {
        this(seed, 1);
    }

    /**
     * @param seed               of the draws.
     * @param firstClientOrderId the first order's client order id (1 more than a multiple of {@link #ACCOUNTS}
     *                           keeps the rotation through the accounts of a mix that starts at 1).
     */
    public OrderMix(final long seed, final long firstClientOrderId)
    {
        this.random = new SplittableRandom(seed);
        this.nextClientOrderId = firstClientOrderId;
    }

    /**
     * @param epochMillis the wall clock.
     * @return a first client order id for a run starting now: runs of the same day never reuse one another's ids
     * (the node refuses an id used today: FIX's ClOrdID unique per day), and the accounts rotate as from 1.
     */
    public static long firstClientOrderIdAt(final long epochMillis)
    {
        final long base = epochMillis * 100_000L;
        return base - base % ACCOUNTS + 1;
    }

    /**
     * Orders rotate through the accounts by client order id, so the id alone says whose an order is.
     *
     * @param clientOrderId of the order.
     * @return its account, 1 to {@link #ACCOUNTS}.
     */
    public static long accountOf(final long clientOrderId)
    {
        return 1 + (clientOrderId % ACCOUNTS);
    }

    /**
     * Draw the next command; its fields are read with the accessors until the next draw. Call {@link #accepted()}
     * once it was sent.
     *
     * @return what it does.
     */
    public Action next()
    {
        buy = random.nextBoolean();
        final int draw = random.nextInt(100);
        rests = false;
        quantity = 0;
        priceTicks = 0;
        targetOrderId = 0;

        if (restingCount >= MAX_RESTING || (draw < 35 && restingCount > 0))
        {
            action = Action.CANCEL;
            targetOrderId = oldestResting();
        }
        else if (draw < 75)
        {
            action = Action.LIMIT_GTC;
            priceTicks = MID_PRICE + (buy ? -1 : 1) * (1 + random.nextInt(10));
            quantity = 1 + random.nextInt(100);
            rests = true;
        }
        else if (draw < 90)
        {
            action = Action.LIMIT_IOC;
            priceTicks = MID_PRICE + (buy ? 5 : -5);
            quantity = 1 + random.nextInt(50);
        }
        else if (draw < 95 && restingCount > 0)
        {
            action = Action.REPLACE;
            targetOrderId = oldestResting();
            priceTicks = MID_PRICE + random.nextInt(21) - 10;
            quantity = 1 + random.nextInt(100);
        }
        else
        {
            action = Action.MARKET;
            quantity = 1 + random.nextInt(200);
        }
        return action;
    }

    /**
     * The drawn command was sent: it takes its client order id, and the resting orders are updated.
     */
    public void accepted()
    {
        if (rests)
        {
            resting[(restingHead + restingCount) % MAX_RESTING] = nextClientOrderId;
            restingCount++;
        }
        else if (Action.CANCEL == action)
        {
            restingHead = (restingHead + 1) % MAX_RESTING;
            restingCount--;
        }
        nextClientOrderId++;
    }

    /**
     * @return what the drawn command does.
     */
    public Action action()
    {
        return action;
    }

    /**
     * @return client order id of the drawn command (a replace keeps its target's id, see {@link #targetOrderId()}).
     */
    public long clientOrderId()
    {
        return nextClientOrderId;
    }

    /**
     * @return account of the drawn command's new order; for a cancel or replace, see {@link #targetAccount()}.
     */
    public long account()
    {
        return accountOf(nextClientOrderId);
    }

    /**
     * @return true to buy, false to sell (new orders).
     */
    public boolean buy()
    {
        return buy;
    }

    /**
     * @return limit price in ticks (limit orders and replaces), 0 for a market order.
     */
    public long priceTicks()
    {
        return priceTicks;
    }

    /**
     * @return quantity in lots (new orders and replaces).
     */
    public long quantity()
    {
        return quantity;
    }

    /**
     * @return client order id of the order a cancel or replace is for.
     */
    public long targetOrderId()
    {
        return targetOrderId;
    }

    /**
     * @return account of the order a cancel or replace is for.
     */
    public long targetAccount()
    {
        return accountOf(targetOrderId);
    }

    private long oldestResting()
    {
        return resting[restingHead];
    }
}
