package io.streamflow.matcher;

import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.streamflow.sbe.OrderType.LIMIT;
import static io.streamflow.sbe.OrderType.MARKET;
import static io.streamflow.sbe.Side.BUY;
import static io.streamflow.sbe.Side.SELL;
import static io.streamflow.sbe.TimeInForce.FOK;
import static io.streamflow.sbe.TimeInForce.GTC;
import static io.streamflow.sbe.TimeInForce.IOC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exchange's rules, one at a time, as a member sees them. Instrument 1 trades in ticks of 5 and lots of 10
 * between 100 and 200; accounts 1 (Alice), 2 (Bob) and 3 (Carol).
 */
class MatchingRulesTest
{
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;
    private static final int INSTRUMENT = 1;

    private RecordingMatchingListener events;
    private MatchingEngine engine;
    private long sequence;

    @BeforeEach
    void exchange()
    {
        start(new MatchingEngine.Context().selfTradePrevention(true));
    }

    private void start(final MatchingEngine.Context ctx)
    {
        events = new RecordingMatchingListener();
        ctx.instrument(new InstrumentSpec(INSTRUMENT, 5, 10, 100, 200))
            .instrument(new InstrumentSpec(2, 1, 1, 1, 1000));
        engine = new MatchingEngine(ctx, events);
        sequence = 0;
    }

    @Test
    void aLimitOrderThatDoesNotCrossRestsAndShowsAtTheTop()
    {
        final long id = order(ALICE, 10, BUY, LIMIT, GTC, 150, 30);

        assertEquals(List.of("NEW"), execTypes());
        assertEquals(ExecType.NEW, events.last().execType());
        assertEquals(30, events.last().leaves());
        assertTopOfBook("TOB cmd=" + id + " instr=1 L0 30@150(1) / 0@0(0)");
        engine.validateInternalState();
    }

    @Test
    void aCrossingOrderTradesAtTheRestingPriceBestPriceFirst()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 160, 10);
        order(BOB, 20, SELL, LIMIT, GTC, 155, 10);
        events.clear();

        final long taker = order(CAROL, 30, BUY, LIMIT, GTC, 165, 20);

        final List<String> trades = trades();
        assertEquals(2, trades.size());
        assertTrue(trades.get(0).contains("10@155"), "best price first, at the maker's price: " + trades);
        assertTrue(trades.get(1).contains("10@160"), trades.toString());
        assertTrue(trades.get(0).contains("taker=" + taker) && trades.get(0).contains("aggressor=BUY"));
        assertEquals(ExecType.FILL, events.last().execType());
        assertEquals(20, events.last().cum());
    }

    @Test
    void atOnePriceTheOldestOrderTradesFirst()
    {
        final long first = order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        final long second = order(BOB, 20, SELL, LIMIT, GTC, 150, 10);
        events.clear();

        order(CAROL, 30, BUY, LIMIT, GTC, 150, 10);

        assertTrue(trades().get(0).contains("maker=" + first), trades().toString());
        assertEquals(1, trades().size());
        assertTopOfBook("0@0(0) / 10@150(1)");
        assertTrue(second > first);
    }

    @Test
    void whatAGtcOrderCannotFillRests()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        events.clear();

        order(BOB, 20, BUY, LIMIT, GTC, 150, 30);

        assertEquals(List.of("NEW", "FILL", "PARTIAL_FILL"), execTypes(), "maker filled, taker partly, then rests");
        assertTopOfBook("20@150(1) / 0@0(0)");
    }

    @Test
    void whatAnIocOrderCannotFillIsCancelled()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        events.clear();

        order(BOB, 20, BUY, LIMIT, IOC, 150, 30);

        assertEquals(List.of("NEW", "FILL", "PARTIAL_FILL", "CANCELED"), execTypes());
        assertEquals("REMAINDER", events.last().reason());
        assertEquals(20, events.last().leaves());
        assertTopOfBook("0@0(0) / 0@0(0)");
    }

    @Test
    void aFokOrderFillsCompletelyOrNotAtAllAndNothingTradesFirst()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        order(ALICE, 11, SELL, LIMIT, GTC, 155, 10);
        events.clear();

        order(BOB, 20, BUY, LIMIT, FOK, 155, 30);
        assertEquals(List.of("NEW", "CANCELED"), execTypes(), "FIX: accepted, then killed, not rejected");
        assertEquals("FOK_UNFILLABLE", events.last().reason());
        assertEquals(30, events.last().leaves());
        assertEquals(List.of(), trades(), "nothing traded");

        events.clear();
        order(BOB, 21, BUY, LIMIT, FOK, 155, 20);
        assertEquals(2, trades().size());
        assertEquals(ExecType.FILL, events.last().execType());
    }

    @Test
    void aMarketOrderTakesWhatIsThereAndNeverRests()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        order(ALICE, 11, SELL, LIMIT, GTC, 190, 10);
        events.clear();

        order(BOB, 20, BUY, MARKET, IOC, 0, 30);

        assertEquals(2, trades().size(), "sweeps every level, whatever the price");
        assertEquals(ExecType.CANCELED, events.last().execType());
        assertEquals(10, events.last().leaves());
        assertEquals(0, events.last().price(), "a market order has no price");
        assertTopOfBook("0@0(0) / 0@0(0)");
    }

    @Test
    void aPostOnlyOrderThatWouldCrossIsRejected()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        events.clear();

        order(BOB, 20, BUY, LIMIT, GTC, true, 150, 10);
        assertEquals("WOULD_CROSS", events.last().reason());
        assertEquals(List.of(), trades());

        order(BOB, 21, BUY, LIMIT, GTC, true, 145, 10);
        assertEquals(ExecType.NEW, events.last().execType());
    }

    @Test
    void aMarketOrderOfAnyTimeInForceTakesWhatIsThereAndItsRestIsCancelled()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        events.clear();
        order(BOB, 20, BUY, MARKET, GTC, 0, 20);
        assertEquals(List.of("NEW", "FILL", "PARTIAL_FILL", "CANCELED"), execTypes(),
            "the maker filled, the taker partly; FIX: a market GTC does not rest");
        assertEquals("REMAINDER", events.last().reason());
        assertEquals(10, events.last().leaves());

        order(ALICE, 11, SELL, LIMIT, GTC, 160, 10);
        events.clear();
        order(BOB, 21, BUY, MARKET, FOK, 0, 10);
        assertEquals(List.of("NEW", "FILL", "FILL"), execTypes(), "a market FOK fills when the book holds enough");
        events.clear();
        order(BOB, 22, BUY, MARKET, FOK, 0, 10);
        assertEquals(List.of("NEW", "CANCELED"), execTypes(), "and is killed when it does not");
        assertEquals("FOK_UNFILLABLE", events.last().reason());
    }

    @Test
    void aPostOnlyIocNeverTakesAndNeverRests()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        events.clear();
        order(BOB, 20, BUY, LIMIT, IOC, true, 150, 10);
        assertEquals("WOULD_CROSS", events.last().reason(), "it would take");
        events.clear();
        order(BOB, 21, BUY, LIMIT, IOC, true, 145, 10);
        assertEquals(List.of("NEW", "CANCELED"), execTypes());
        assertEquals("REMAINDER", events.last().reason());
        assertEquals(List.of(), trades());
    }

    @Test
    void combinationsThatMakeNoSenseAreRejected()
    {
        order(ALICE, 10, BUY, MARKET, GTC, true, 0, 10);
        assertEquals("UNSUPPORTED", events.last().reason(), "a post-only market order would have to take");
        order(ALICE, 11, BUY, LIMIT, FOK, true, 150, 10);
        assertEquals("UNSUPPORTED", events.last().reason(), "a post-only FOK could neither take nor rest");
    }

    @Test
    void priceQuantityAndInstrumentAreValidated()
    {
        order(ALICE, 1, BUY, LIMIT, GTC, 150, 0);
        assertEquals("INVALID_QUANTITY", events.last().reason());
        order(ALICE, 2, BUY, LIMIT, GTC, 150, -10);
        assertEquals("INVALID_QUANTITY", events.last().reason());
        order(ALICE, 3, BUY, LIMIT, GTC, 152, 10);
        assertEquals("OFF_TICK_PRICE", events.last().reason());
        order(ALICE, 4, BUY, LIMIT, GTC, 150, 15);
        assertEquals("OFF_LOT_QUANTITY", events.last().reason());
        order(ALICE, 5, BUY, LIMIT, GTC, 95, 10);
        assertEquals("OUTSIDE_PRICE_BAND", events.last().reason());
        order(ALICE, 6, BUY, LIMIT, GTC, 205, 10);
        assertEquals("OUTSIDE_PRICE_BAND", events.last().reason());
        engine.newOrder(++sequence, 0, 100, sequence, ALICE, 7, 99, BUY, LIMIT, GTC, false, 150, 10);
        assertEquals("UNKNOWN_INSTRUMENT", events.last().reason());
        assertEquals(0, engine.openOrderCount());
    }

    @Test
    void cancelReplaceAndMassCancelNamingAnUnknownInstrumentAreRejectedAsSuch()
    {
        order(ALICE, 10, BUY, LIMIT, GTC, 150, 10);
        events.clear();
        engine.cancel(++sequence, 0, 100, sequence, ALICE, 11, 10, 99);
        assertEquals(ExecType.REJECTED, events.last().execType());
        assertEquals("UNKNOWN_INSTRUMENT", events.last().reason());
        engine.replace(++sequence, 0, 100, sequence, ALICE, 12, 10, 99, 150, 20);
        assertEquals("UNKNOWN_INSTRUMENT", events.last().reason());
        assertEquals(0, engine.massCancel(++sequence, 0, 100, sequence, ALICE, 99));
        assertEquals("UNKNOWN_INSTRUMENT", events.last().reason());
        engine.cancel(++sequence, 0, 100, sequence, ALICE, 13, 77, INSTRUMENT);
        assertEquals("UNKNOWN_ORDER", events.last().reason(), "a known instrument without the order");
        assertEquals(1, engine.openOrderCount(), "the order is untouched");
    }

    @Test
    void aClientOrderIdCannotBeUsedTwiceWhileOpen()
    {
        order(ALICE, 10, BUY, LIMIT, GTC, 150, 10);
        order(ALICE, 10, BUY, LIMIT, GTC, 145, 10);
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", events.last().reason());

        order(BOB, 10, BUY, LIMIT, GTC, 145, 10);
        assertEquals(ExecType.NEW, events.last().execType(), "ids are per account");
    }

    @Test
    void aClientOrderIdUsedTodayIsADuplicateAfterItsOrderEndedUnlessTheOrderWasRejected()
    {
        order(ALICE, 10, BUY, LIMIT, GTC, 150, 10);
        engine.cancel(++sequence, sequence * 10, 101, sequence, ALICE, 11, 10, INSTRUMENT);
        order(ALICE, 10, BUY, LIMIT, GTC, 150, 10);
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", events.last().reason(), "its order was cancelled");

        order(CAROL, 30, SELL, LIMIT, GTC, 150, 10);
        order(BOB, 20, BUY, LIMIT, IOC, 150, 10);
        assertEquals(ExecType.FILL, events.last().execType());
        order(BOB, 20, BUY, LIMIT, GTC, 140, 10);
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", events.last().reason(), "its order filled");

        order(ALICE, 40, BUY, LIMIT, FOK, 150, 1000);
        assertEquals("FOK_UNFILLABLE", events.last().reason());
        order(ALICE, 40, BUY, LIMIT, GTC, 140, 10);
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", events.last().reason(), "its order was killed");

        order(ALICE, 50, BUY, LIMIT, GTC, 151, 10);
        assertEquals("OFF_TICK_PRICE", events.last().reason());
        order(ALICE, 50, BUY, LIMIT, GTC, 140, 10);
        assertEquals(ExecType.NEW, events.last().execType(), "a rejected order used no id");

        engine.replace(++sequence, sequence * 10, 101, sequence, ALICE, 60, 50, INSTRUMENT, 0, 0);
        assertEquals(ExecType.REPLACED, events.last().execType());
        engine.replace(++sequence, sequence * 10, 101, sequence, ALICE, 50, 60, INSTRUMENT, 0, 0);
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", events.last().reason(), "the id an order was replaced from");
        engine.validateInternalState();
    }

    @Test
    void aNewUtcDayFreesTheIdsOfEndedOrdersButNotOfOpenOnes()
    {
        final long midnight = 20_000 * 86_400_000_000_000L;
        engine.newOrder(++sequence, midnight - 2_000, 101, sequence, ALICE, 10, INSTRUMENT, BUY, LIMIT, GTC, false,
            150, 10);
        engine.newOrder(++sequence, midnight - 1_000, 101, sequence, ALICE, 11, INSTRUMENT, BUY, LIMIT, IOC, false,
            150, 10);
        assertEquals("REMAINDER", events.last().reason());
        engine.newOrder(++sequence, midnight - 500, 101, sequence, ALICE, 11, INSTRUMENT, BUY, LIMIT, GTC, false,
            145, 10);
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", events.last().reason(), "the same day");

        engine.newOrder(++sequence, midnight, 101, sequence, ALICE, 11, INSTRUMENT, BUY, LIMIT, GTC, false, 145, 10);
        assertEquals(ExecType.NEW, events.last().execType(), "the next UTC day");
        engine.newOrder(++sequence, midnight + 1, 101, sequence, ALICE, 10, INSTRUMENT, BUY, LIMIT, GTC, false, 140,
            10);
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", events.last().reason(), "still open");
        engine.validateInternalState();
    }

    @Test
    void theMemoryOfUsedIdsIsBoundedTheOldestForgottenFirst()
    {
        start(new MatchingEngine.Context().clientOrderIdMemory(2));
        for (long id = 1; id <= 3; id++)
        {
            order(ALICE, id, BUY, LIMIT, IOC, 150, 10);
            assertEquals("REMAINDER", events.last().reason());
        }
        order(ALICE, 3, BUY, LIMIT, IOC, 150, 10);
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", events.last().reason(), "remembered");
        order(ALICE, 1, BUY, LIMIT, IOC, 150, 10);
        assertEquals("REMAINDER", events.last().reason(), "the oldest of three was forgotten: taken again");
    }

    @Test
    void theIdsUsedTodayAreInTheSnapshotAndTheStateHash()
    {
        order(ALICE, 10, BUY, LIMIT, IOC, 150, 10);
        final long withUsedId = engine.stateHash();
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer();
        final int length = engine.snapshot(snapshot, 0);

        final RecordingMatchingListener restoredEvents = new RecordingMatchingListener();
        final MatchingEngine restored = new MatchingEngine(new MatchingEngine.Context().selfTradePrevention(true)
            .instrument(new InstrumentSpec(INSTRUMENT, 5, 10, 100, 200)).instrument(new InstrumentSpec(2, 1, 1, 1,
            1000)), restoredEvents);
        restored.restore(snapshot, 0, length);
        assertEquals(withUsedId, restored.stateHash());
        restored.newOrder(++sequence, sequence * 10, 101, sequence, ALICE, 10, INSTRUMENT, BUY, LIMIT, GTC, false,
            150, 10);
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", restoredEvents.last().reason(), "remembered across the snapshot");

        final MatchingEngine other = new MatchingEngine(new MatchingEngine.Context().selfTradePrevention(true)
            .instrument(new InstrumentSpec(INSTRUMENT, 5, 10, 100, 200)).instrument(new InstrumentSpec(2, 1, 1, 1,
            1000)), new RecordingMatchingListener());
        other.newOrder(1, 10, 101, 1, ALICE, 11, INSTRUMENT, BUY, LIMIT, IOC, false, 150, 10);
        assertNotEquals(withUsedId, other.stateHash(), "another id used: another state");
    }

    @Test
    void cancelRemovesTheOpenRemainder()
    {
        order(ALICE, 10, BUY, LIMIT, GTC, 150, 30);
        order(BOB, 20, SELL, LIMIT, GTC, 150, 10);
        events.clear();

        engine.cancel(++sequence, 0, 100, sequence, ALICE, 11, 10, INSTRUMENT);

        assertEquals(ExecType.CANCELED, events.last().execType());
        assertEquals("CANCEL_REQUESTED", events.last().reason());
        assertEquals(10, events.last().cum());
        assertEquals(20, events.last().leaves());
        assertTopOfBook("0@0(0) / 0@0(0)");

        engine.cancel(++sequence, 0, 100, sequence, ALICE, 12, 10, INSTRUMENT);
        assertEquals("UNKNOWN_ORDER", events.last().reason(), "gone");
        engine.cancel(++sequence, 0, 100, sequence, BOB, 13, 10, INSTRUMENT);
        assertEquals("UNKNOWN_ORDER", events.last().reason(), "only its own account's orders");
    }

    @Test
    void replacingDownKeepsTimePriority()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 30);
        order(BOB, 20, SELL, LIMIT, GTC, 150, 10);
        engine.replace(++sequence, 0, 100, sequence, ALICE, 11, 10, INSTRUMENT, 150, 20);
        assertEquals(ExecType.REPLACED, events.last().execType());
        assertEquals(11, events.last().clientOrderId());
        events.clear();

        order(CAROL, 30, BUY, LIMIT, GTC, 150, 10);
        assertTrue(trades().get(0).contains("maker=1 "), "Alice still first: " + trades());
    }

    @Test
    void replacingUpOrToAnotherPriceLosesTimePriority()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        order(BOB, 20, SELL, LIMIT, GTC, 150, 10);
        engine.replace(++sequence, 0, 100, sequence, ALICE, 10, 10, INSTRUMENT, 150, 20);
        events.clear();

        order(CAROL, 30, BUY, LIMIT, GTC, 150, 10);
        assertTrue(trades().get(0).contains("maker=2 "), "Bob now first: " + trades());
    }

    @Test
    void aReplaceQuantityIsTheNewTotalAsInFixAndAnOmittedFieldIsKept()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 30);
        order(BOB, 20, BUY, LIMIT, GTC, 150, 10);
        events.clear();

        engine.replace(++sequence, 0, 100, sequence, ALICE, 11, 10, INSTRUMENT, 0, 40);
        assertEquals(ExecType.REPLACED, events.last().execType());
        assertEquals(40, events.last().quantity(), "OrderQty: the new total");
        assertEquals(10, events.last().cum());
        assertEquals(30, events.last().leaves(), "LeavesQty: total minus what filled");
        assertEquals(150, events.last().price(), "price 0: left as it was");

        engine.replace(++sequence, 0, 100, sequence, ALICE, 12, 11, INSTRUMENT, 155, 0);
        assertEquals(155, events.last().price());
        assertEquals(40, events.last().quantity(), "quantity 0: left as it was");
        assertEquals(30, events.last().leaves());

        events.clear();
        engine.replace(++sequence, 0, 100, sequence, ALICE, 13, 12, INSTRUMENT, 0, 10);
        assertEquals(List.of("CANCELED"), execTypes(), "a total at the filled quantity leaves nothing open");
        assertEquals("CANCEL_REQUESTED", events.last().reason());
        assertEquals(30, events.last().leaves(), "the rest cancelled");
        assertEquals(0, engine.openOrderCount());
    }

    @Test
    void aReplaceThatCrossesTrades()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 155, 10);
        order(BOB, 20, BUY, LIMIT, GTC, 150, 10);
        events.clear();

        engine.replace(++sequence, 0, 200, sequence, BOB, 20, 20, INSTRUMENT, 155, 10);

        assertEquals(List.of("REPLACED", "FILL", "FILL"), execTypes());
        assertEquals(1, trades().size());
        assertTrue(trades().get(0).contains("aggressor=BUY"));
        assertEquals(0, engine.openOrderCount());
    }

    @Test
    void anInvalidReplaceLeavesTheOrderAsItWas()
    {
        order(ALICE, 10, BUY, LIMIT, GTC, 150, 10);
        engine.replace(++sequence, 0, 100, sequence, ALICE, 11, 10, INSTRUMENT, 151, 10);
        assertEquals("OFF_TICK_PRICE", events.last().reason());
        engine.cancel(++sequence, 0, 100, sequence, ALICE, 12, 10, INSTRUMENT);
        assertEquals(ExecType.CANCELED, events.last().execType(), "still known by its old id");
    }

    @Test
    void massCancelTakesEveryOpenOrderOfTheAccountOldestFirst()
    {
        final long a = order(ALICE, 10, BUY, LIMIT, GTC, 150, 10);
        final long b = order(ALICE, 11, SELL, LIMIT, GTC, 160, 10);
        order(BOB, 20, BUY, LIMIT, GTC, 145, 10);
        engine.newOrder(++sequence, 0, 100, sequence, ALICE, 12, 2, BUY, LIMIT, GTC, false, 50, 5);
        final long c = sequence;
        events.clear();

        assertEquals(2, engine.massCancel(++sequence, 0, 100, sequence, ALICE, INSTRUMENT), "one instrument");
        assertEquals(List.of(a, b), events.executions.stream().map(RecordingMatchingListener.ExecutionSnapshot::orderId)
            .toList());
        assertEquals(1, engine.massCancel(++sequence, 0, 100, sequence, ALICE, 0), "then the rest");
        assertEquals(c, events.last().orderId());
        assertEquals(1, engine.openOrderCount(), "Bob's order stays");
    }

    @Test
    void selfTradePreventionCancelsTheRestingOrderInsteadOfTrading()
    {
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        order(BOB, 20, SELL, LIMIT, GTC, 150, 10);
        events.clear();

        order(ALICE, 11, BUY, LIMIT, GTC, 150, 10);

        assertEquals("SELF_TRADE_PREVENTED", events.executions.get(1).reason());
        assertEquals(ALICE, events.executions.get(1).account());
        assertTrue(trades().get(0).contains("maker=2 "), "traded with Bob instead: " + trades());
    }

    @Test
    void withoutSelfTradePreventionAnAccountTradesWithItself()
    {
        start(new MatchingEngine.Context().selfTradePrevention(false));
        order(ALICE, 10, SELL, LIMIT, GTC, 150, 10);
        order(ALICE, 11, BUY, LIMIT, GTC, 150, 10);
        assertEquals(1, trades().size());
    }

    @Test
    void capacitiesAreRejectsNotExceptions()
    {
        start(new MatchingEngine.Context().maxOrders(2).maxPriceLevels(1).maxOrdersPerAccount(1).maxAccounts(2));
        order(ALICE, 10, BUY, LIMIT, GTC, 150, 10);
        order(ALICE, 11, BUY, LIMIT, GTC, 150, 10);
        assertEquals("ORDER_LIMIT", events.last().reason());

        order(BOB, 20, BUY, LIMIT, GTC, 145, 10);
        assertEquals(ExecType.CANCELED, events.last().execType(), "accepted, but no price level left to rest at");
        assertEquals("CAPACITY", events.last().reason());

        order(BOB, 21, BUY, LIMIT, GTC, 150, 10);
        assertEquals(ExecType.NEW, events.last().execType());
        order(CAROL, 30, BUY, LIMIT, GTC, 150, 10);
        assertEquals("CAPACITY", events.last().reason(), "no room for a third account");
        engine.validateInternalState();
    }

    @Test
    void depthSnapshotShowsLevelsBestFirst()
    {
        order(ALICE, 10, BUY, LIMIT, GTC, 150, 10);
        order(BOB, 20, BUY, LIMIT, GTC, 150, 20);
        order(ALICE, 11, BUY, LIMIT, GTC, 140, 10);
        order(CAROL, 30, SELL, LIMIT, GTC, 160, 10);
        events.clear();

        assertTrue(engine.depth(++sequence, INSTRUMENT, 5));
        assertEquals(List.of(
            "DEPTH MD cmd=" + sequence + " instr=1 L0 30@150(2) / 10@160(1)",
            "DEPTH MD cmd=" + sequence + " instr=1 L1 10@140(1) / 0@0(0)"), events.events);
    }

    private long order(
        final long account, final long clOrdId, final Side side, final OrderType type, final TimeInForce tif,
        final long price, final long quantity)
    {
        return order(account, clOrdId, side, type, tif, false, price, quantity);
    }

    private long order(
        final long account, final long clOrdId, final Side side, final OrderType type, final TimeInForce tif,
        final boolean postOnly, final long price, final long quantity)
    {
        engine.newOrder(++sequence, sequence * 10, 100 + account, sequence, account, clOrdId, INSTRUMENT, side, type,
            tif, postOnly, price, quantity);
        engine.validateInternalState();
        return sequence;
    }

    private List<String> execTypes()
    {
        return events.executions.stream().map((e) -> e.execType().name()).toList();
    }

    private List<String> trades()
    {
        return events.events.stream().filter((e) -> e.startsWith("TRADE")).toList();
    }

    private void assertTopOfBook(final String expected)
    {
        final List<String> tops = events.events.stream().filter((e) -> e.startsWith("TOB")).toList();
        assertTrue(!tops.isEmpty() && tops.get(tops.size() - 1).endsWith(expected.replaceFirst("^TOB ", "")
            .replaceFirst("^MD ", "")), "top of book " + tops + " expected to end with " + expected);
    }
}
