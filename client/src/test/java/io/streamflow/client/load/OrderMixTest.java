package io.streamflow.client.load;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderMixTest
{
    private static final int DRAWS = 200_000;

    @Test
    void drawsTheStatedProportionsAndCancelsOnlyRestingOrdersOldestFirst()
    {
        final OrderMix mix = new OrderMix(7);
        final ArrayDeque<Long> resting = new ArrayDeque<>();
        final Map<OrderMix.Action, Integer> counts = new EnumMap<>(OrderMix.Action.class);
        long expectedClientOrderId = 1;

        for (int i = 0; i < DRAWS; i++)
        {
            final OrderMix.Action action = mix.next();
            counts.merge(action, 1, Integer::sum);
            assertEquals(expectedClientOrderId, mix.clientOrderId(), "ids are consecutive");
            assertEquals(1 + expectedClientOrderId % OrderMix.ACCOUNTS, mix.account());
            switch (action)
            {
                case CANCEL, REPLACE ->
                {
                    assertEquals(resting.peekFirst(), mix.targetOrderId(), "the oldest resting order");
                    assertEquals(OrderMix.accountOf(mix.targetOrderId()), mix.targetAccount());
                }
                case LIMIT_GTC ->
                {
                    final long distance = mix.priceTicks() - OrderMix.MID_PRICE;
                    assertTrue(mix.buy() ? distance >= -10 && distance <= -1 : distance >= 1 && distance <= 10,
                        "a GTC order rests one to ten ticks off the mid on its own side: " + distance);
                }
                case LIMIT_IOC -> assertEquals(OrderMix.MID_PRICE + (mix.buy() ? 5 : -5), mix.priceTicks(),
                    "an IOC order crosses the mid");
                default -> assertEquals(0, mix.priceTicks(), "a market order has no price");
            }
            if (OrderMix.Action.CANCEL != action)
            {
                assertTrue(mix.quantity() >= 1 && mix.quantity() <= 200, "quantity " + mix.quantity());
            }

            mix.accepted();
            if (OrderMix.Action.LIMIT_GTC == action)
            {
                resting.addLast(expectedClientOrderId);
            }
            else if (OrderMix.Action.CANCEL == action)
            {
                resting.removeFirst();
            }
            assertTrue(resting.size() <= OrderMix.MAX_RESTING);
            expectedClientOrderId++;
        }

        assertShare(counts, OrderMix.Action.CANCEL, 0.35, 0.45);
        assertShare(counts, OrderMix.Action.LIMIT_GTC, 0.35, 0.42);
        assertShare(counts, OrderMix.Action.LIMIT_IOC, 0.12, 0.16);
        assertShare(counts, OrderMix.Action.REPLACE, 0.04, 0.06);
        assertShare(counts, OrderMix.Action.MARKET, 0.04, 0.06);
    }

    @Test
    void theSameSeedAndAcceptancesGiveTheSameCommands()
    {
        final OrderMix a = new OrderMix(42);
        final OrderMix b = new OrderMix(42);
        for (int i = 0; i < 10_000; i++)
        {
            assertEquals(a.next(), b.next());
            assertEquals(a.priceTicks(), b.priceTicks());
            assertEquals(a.quantity(), b.quantity());
            assertEquals(a.targetOrderId(), b.targetOrderId());
            assertEquals(a.buy(), b.buy());
            a.accepted();
            b.accepted();
        }
    }

    @Test
    void aCommandNotAcceptedGivesItsIdToTheNextDraw()
    {
        final OrderMix mix = new OrderMix(3);
        while (OrderMix.Action.LIMIT_GTC != mix.next())
        {
            mix.accepted();
        }
        final long gtcId = mix.clientOrderId();
        // Not accepted (back pressure): the next draw takes the same id.
        mix.next();
        assertEquals(gtcId, mix.clientOrderId());
    }

    private static void assertShare(
        final Map<OrderMix.Action, Integer> counts, final OrderMix.Action action, final double min, final double max)
    {
        final double share = counts.getOrDefault(action, 0) / (double)DRAWS;
        assertTrue(share >= min && share <= max, action + " share " + share + " not in [" + min + ", " + max + "]");
    }

    @Test
    void runsStartedAtDifferentTimesUseDifferentIdsAndTheSameAccounts()
    {
        final long first = OrderMix.firstClientOrderIdAt(1_765_000_000_000L);
        final long later = OrderMix.firstClientOrderIdAt(1_765_000_000_001L);
        assertTrue(later - first >= 100_000, "a millisecond later leaves room for 100,000 orders: " + first);
        assertEquals(OrderMix.accountOf(1), OrderMix.accountOf(first), "the accounts rotate as from 1");
        assertTrue(Long.toString(first).length() <= 18, "a FIX ClOrdID of 18 digits at most");
        final OrderMix mix = new OrderMix(7, first);
        mix.next();
        assertEquals(first, mix.clientOrderId());
    }
}
