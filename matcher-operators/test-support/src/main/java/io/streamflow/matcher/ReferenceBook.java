package io.streamflow.matcher;

import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.OrderRejectReason;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules of {@link MatchingEngine}, written for obviousness rather than speed: sorted maps of lists, linear
 * scans, no pools, no links. The differential test feeds both the same commands and expects the same events.
 */
public final class ReferenceBook implements CommandGenerator.Target
{
    private static final class Ord
    {
        long orderId;
        long clientId;
        long account;
        long clientOrderId;
        int instrumentId;
        boolean buy;
        boolean postOnly;
        long price;
        long quantity;
        long leaves;
        long cum;
    }

    private static final class Book
    {
        final InstrumentSpec spec;
        final TreeMap<Long, List<Ord>> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, List<Ord>> asks = new TreeMap<>();
        long[] published = new long[4];

        Book(final InstrumentSpec spec)
        {
            this.spec = spec;
        }

        TreeMap<Long, List<Ord>> side(final boolean buy)
        {
            return buy ? bids : asks;
        }

        TreeMap<Long, List<Ord>> opposite(final boolean buy)
        {
            return buy ? asks : bids;
        }
    }

    private final MatchingEngine.Context ctx;
    private final MatchingListener listener;
    private final Map<Integer, Book> books = new HashMap<>();
    private final List<Ord> openOrders = new ArrayList<>();
    private final Set<Long> knownAccounts = new HashSet<>();
    /** FIX: ClOrdID unique per day. Each account's ids of accepted orders this UTC day, oldest first. */
    private final Map<Long, LinkedHashSet<Long>> usedToday = new HashMap<>();
    private long day = Long.MIN_VALUE;
    private final ExecutionEvent execution = new ExecutionEvent();
    private final TradeEvent trade = new TradeEvent();
    private final MarketDataEvent marketData = new MarketDataEvent();
    private final TreeSet<Integer> touched = new TreeSet<>();
    private long nextTradeId = 1;
    private long commandSequence;
    private long timestampNs;
    private long clientSequence;

    public ReferenceBook(final MatchingEngine.Context ctx, final MatchingListener listener)
    {
        this.ctx = ctx;
        this.listener = listener;
        ctx.instruments().forEach((spec) -> books.put(spec.instrumentId(), new Book(spec)));
    }

    public void newOrder(
        final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
        final long clOrdId, final int instrumentId, final Side side, final OrderType type, final TimeInForce tif,
        final boolean postOnly, final long price, final long quantity)
    {
        begin(cmd, ts, clientSeq);
        final boolean market = type == OrderType.MARKET;
        final long limit = market ? 0 : price;
        final Book book = books.get(instrumentId);
        final boolean buy = side == Side.BUY;

        OrderRejectReason reason = null;
        if (book == null)
        {
            reason = OrderRejectReason.UNKNOWN_INSTRUMENT;
        }
        else if (priceOrQuantityProblem(book.spec, market, limit, quantity) != null)
        {
            reason = priceOrQuantityProblem(book.spec, market, limit, quantity);
        }
        else if (postOnly && (market || tif == TimeInForce.FOK))
        {
            reason = OrderRejectReason.UNSUPPORTED;
        }
        else if (knownAccounts.contains(account) && usedBefore(account, clOrdId))
        {
            reason = OrderRejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        else if (knownAccounts.contains(account) && countOpen(account) >= ctx.maxOrdersPerAccount())
        {
            reason = OrderRejectReason.ORDER_LIMIT;
        }
        else if (!knownAccounts.contains(account) && knownAccounts.size() >= ctx.maxAccounts())
        {
            reason = OrderRejectReason.CAPACITY;
        }
        else if (openOrders.size() >= ctx.maxOrders())
        {
            reason = OrderRejectReason.CAPACITY;
        }
        else if (postOnly && !book.opposite(buy).isEmpty() && crosses(buy, limit, book.opposite(buy).firstKey()))
        {
            reason = OrderRejectReason.WOULD_CROSS;
        }
        if (reason != null)
        {
            reject(clientId, account, clOrdId, instrumentId, side, limit, quantity, reason);
            return;
        }

        final Ord o = new Ord();
        o.orderId = cmd;
        o.clientId = clientId;
        o.account = account;
        o.clientOrderId = clOrdId;
        o.instrumentId = instrumentId;
        o.buy = buy;
        o.postOnly = postOnly;
        o.price = limit;
        o.quantity = quantity;
        o.leaves = quantity;
        knownAccounts.add(account);
        remember(account, clOrdId);
        emit(ExecType.NEW, OrderRejectReason.NONE, o, clientSeq, 0, 0);
        if (tif == TimeInForce.FOK && fillable(book, buy, market, limit, account) < quantity)
        {
            emit(ExecType.CANCELED, OrderRejectReason.FOK_UNFILLABLE, o, clientSeq, 0, 0);
            return;
        }
        touched.add(instrumentId);
        match(book, o, market);
        if (o.leaves > 0 && !market && tif == TimeInForce.GTC)
        {
            if (!book.side(buy).containsKey(o.price) && levelsInUse() >= ctx.maxPriceLevels())
            {
                emit(ExecType.CANCELED, OrderRejectReason.CAPACITY, o, clientSeq, 0, 0);
            }
            else
            {
                book.side(buy).computeIfAbsent(o.price, (p) -> new ArrayList<>()).add(o);
                openOrders.add(o);
                knownAccounts.add(account);
            }
        }
        else if (o.leaves > 0)
        {
            emit(ExecType.CANCELED, OrderRejectReason.REMAINDER, o, clientSeq, 0, 0);
        }
        publish();
    }

    public void cancel(
        final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
        final long clOrdId, final long origClOrdId, final int instrumentId)
    {
        begin(cmd, ts, clientSeq);
        final Ord o = find(account, origClOrdId);
        if (o == null || o.instrumentId != instrumentId)
        {
            reject(clientId, account, clOrdId, instrumentId, Side.NULL_VAL, 0, 0, notFound(instrumentId));
            return;
        }
        touched.add(instrumentId);
        removeResting(o);
        emit(ExecType.CANCELED, OrderRejectReason.CANCEL_REQUESTED, o, clientSeq, 0, 0);
        publish();
    }

    public void replace(
        final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
        final long clOrdId, final long origClOrdId, final int instrumentId, final long price, final long quantity)
    {
        begin(cmd, ts, clientSeq);
        final Ord o = find(account, origClOrdId);
        if (o == null || o.instrumentId != instrumentId)
        {
            reject(clientId, account, clOrdId, instrumentId, Side.NULL_VAL, price, quantity, notFound(instrumentId));
            return;
        }
        final Book book = books.get(instrumentId);
        final long newPrice = price == 0 ? o.price : price;
        final long newTotal = quantity == 0 ? o.quantity : quantity;
        OrderRejectReason reason = priceOrQuantityProblem(book.spec, false, newPrice, newTotal);
        if (reason == null && clOrdId != origClOrdId && usedBefore(account, clOrdId))
        {
            reason = OrderRejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        if (reason == null && o.postOnly && !book.opposite(o.buy).isEmpty() &&
            crosses(o.buy, newPrice, book.opposite(o.buy).firstKey()))
        {
            reason = OrderRejectReason.WOULD_CROSS;
        }
        if (reason != null)
        {
            final long current = o.clientOrderId;
            o.clientOrderId = clOrdId;
            emit(ExecType.REJECTED, reason, o, clientSeq, 0, 0);
            o.clientOrderId = current;
            return;
        }

        if (clOrdId != origClOrdId)
        {
            remember(account, clOrdId);
        }
        o.clientOrderId = clOrdId;
        touched.add(instrumentId);
        if (newTotal <= o.cum)
        {
            removeResting(o);
            emit(ExecType.CANCELED, OrderRejectReason.CANCEL_REQUESTED, o, clientSeq, 0, 0);
        }
        else if (newPrice == o.price && newTotal - o.cum <= o.leaves)
        {
            o.leaves = newTotal - o.cum;
            o.quantity = newTotal;
            emit(ExecType.REPLACED, OrderRejectReason.NONE, o, clientSeq, 0, 0);
        }
        else
        {
            removeResting(o);
            o.price = newPrice;
            o.leaves = newTotal - o.cum;
            o.quantity = newTotal;
            emit(ExecType.REPLACED, OrderRejectReason.NONE, o, clientSeq, 0, 0);
            match(book, o, false);
            if (o.leaves > 0)
            {
                if (!book.side(o.buy).containsKey(o.price) && levelsInUse() >= ctx.maxPriceLevels())
                {
                    emit(ExecType.CANCELED, OrderRejectReason.CAPACITY, o, clientSeq, 0, 0);
                }
                else
                {
                    book.side(o.buy).computeIfAbsent(o.price, (p) -> new ArrayList<>()).add(o);
                    openOrders.add(o);
                }
            }
        }
        publish();
    }

    private OrderRejectReason notFound(final int instrumentId)
    {
        return books.containsKey(instrumentId) ? OrderRejectReason.UNKNOWN_ORDER : OrderRejectReason.UNKNOWN_INSTRUMENT;
    }

    public int massCancel(
        final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
        final int instrumentId)
    {
        begin(cmd, ts, clientSeq);
        if (instrumentId != 0 && !books.containsKey(instrumentId))
        {
            reject(clientId, account, 0, instrumentId, Side.NULL_VAL, 0, 0, OrderRejectReason.UNKNOWN_INSTRUMENT);
            return 0;
        }
        final List<Ord> mine = new ArrayList<>();
        for (final Ord o : openOrders)
        {
            if (o.account == account && (instrumentId == 0 || o.instrumentId == instrumentId))
            {
                mine.add(o);
            }
        }
        mine.sort(Comparator.comparingLong((Ord o) -> o.orderId));
        for (final Ord o : mine)
        {
            touched.add(o.instrumentId);
            removeResting(o);
            emit(ExecType.CANCELED, OrderRejectReason.MASS_CANCEL, o, clientSeq, 0, 0);
        }
        publish();
        return mine.size();
    }

    public void depth(final long cmd, final int instrumentId, final int levels)
    {
        final Book book = books.get(instrumentId);
        final List<Map.Entry<Long, List<Ord>>> bids = new ArrayList<>(book.bids.entrySet());
        final List<Map.Entry<Long, List<Ord>>> asks = new ArrayList<>(book.asks.entrySet());
        for (int i = 0; i < levels && (i < bids.size() || i < asks.size()); i++)
        {
            marketData.commandSequence = cmd;
            marketData.instrumentId = instrumentId;
            marketData.level = i;
            marketData.bidPrice = i < bids.size() ? bids.get(i).getKey() : 0;
            marketData.bidQuantity = i < bids.size() ? total(bids.get(i).getValue()) : 0;
            marketData.bidOrders = i < bids.size() ? bids.get(i).getValue().size() : 0;
            marketData.askPrice = i < asks.size() ? asks.get(i).getKey() : 0;
            marketData.askQuantity = i < asks.size() ? total(asks.get(i).getValue()) : 0;
            marketData.askOrders = i < asks.size() ? asks.get(i).getValue().size() : 0;
            listener.onDepthLevel(marketData);
        }
    }

    /**
     * Conservation and consistency: every open order has filled + open = ordered, no book is crossed at rest.
     */
    void checkInvariants()
    {
        for (final Book book : books.values())
        {
            if (!book.bids.isEmpty() && !book.asks.isEmpty() && book.bids.firstKey() >= book.asks.firstKey())
            {
                throw new IllegalStateException("reference book crossed at rest: " + book.spec);
            }
        }
        for (final Ord o : openOrders)
        {
            if (o.cum + o.leaves != o.quantity || o.leaves <= 0)
            {
                throw new IllegalStateException("reference order quantities broken: " + o.orderId);
            }
        }
    }

    private void match(final Book book, final Ord taker, final boolean market)
    {
        final TreeMap<Long, List<Ord>> opposite = book.opposite(taker.buy);
        while (taker.leaves > 0 && !opposite.isEmpty())
        {
            final long bestPrice = opposite.firstKey();
            if (!market && !crosses(taker.buy, taker.price, bestPrice))
            {
                break;
            }
            final Ord maker = opposite.get(bestPrice).get(0);
            if (ctx.selfTradePrevention() && maker.account == taker.account)
            {
                removeResting(maker);
                emit(ExecType.CANCELED, OrderRejectReason.SELF_TRADE_PREVENTED, maker, -1, 0, 0);
                continue;
            }
            final long quantity = Math.min(taker.leaves, maker.leaves);
            maker.leaves -= quantity;
            maker.cum += quantity;
            taker.leaves -= quantity;
            taker.cum += quantity;

            trade.commandSequence = commandSequence;
            trade.timestampNs = timestampNs;
            trade.tradeId = nextTradeId++;
            trade.instrumentId = book.spec.instrumentId();
            trade.makerOrderId = maker.orderId;
            trade.takerOrderId = taker.orderId;
            trade.price = bestPrice;
            trade.quantity = quantity;
            trade.aggressorSide = taker.buy ? Side.BUY : Side.SELL;
            listener.onTrade(trade);

            emit(maker.leaves == 0 ? ExecType.FILL : ExecType.PARTIAL_FILL, OrderRejectReason.NONE, maker, -1,
                bestPrice, quantity);
            emit(taker.leaves == 0 ? ExecType.FILL : ExecType.PARTIAL_FILL, OrderRejectReason.NONE, taker,
                clientSequence, bestPrice, quantity);
            if (maker.leaves == 0)
            {
                removeResting(maker);
            }
        }
    }

    private long fillable(final Book book, final boolean buy, final boolean market, final long limit, final long acct)
    {
        long sum = 0;
        for (final Map.Entry<Long, List<Ord>> level : book.opposite(buy).entrySet())
        {
            if (!market && !crosses(buy, limit, level.getKey()))
            {
                break;
            }
            for (final Ord o : level.getValue())
            {
                if (!ctx.selfTradePrevention() || o.account != acct)
                {
                    sum += o.leaves;
                }
            }
        }
        return sum;
    }

    private static OrderRejectReason priceOrQuantityProblem(
        final InstrumentSpec spec, final boolean market, final long price, final long quantity)
    {
        if (quantity <= 0)
        {
            return OrderRejectReason.INVALID_QUANTITY;
        }
        if (quantity % spec.lotSize() != 0)
        {
            return OrderRejectReason.OFF_LOT_QUANTITY;
        }
        if (!market && price % spec.tickSize() != 0)
        {
            return OrderRejectReason.OFF_TICK_PRICE;
        }
        if (!market && (price < spec.minPrice() || price > spec.maxPrice()))
        {
            return OrderRejectReason.OUTSIDE_PRICE_BAND;
        }
        return null;
    }

    private static boolean crosses(final boolean buy, final long limit, final long opposite)
    {
        return buy ? limit >= opposite : limit <= opposite;
    }

    private Ord find(final long account, final long clOrdId)
    {
        for (final Ord o : openOrders)
        {
            if (o.account == account && o.clientOrderId == clOrdId)
            {
                return o;
            }
        }
        return null;
    }

    private int countOpen(final long account)
    {
        int n = 0;
        for (final Ord o : openOrders)
        {
            if (o.account == account)
            {
                n++;
            }
        }
        return n;
    }

    private int levelsInUse()
    {
        int n = 0;
        for (final Book book : books.values())
        {
            n += book.bids.size() + book.asks.size();
        }
        return n;
    }

    private void removeResting(final Ord o)
    {
        final TreeMap<Long, List<Ord>> side = books.get(o.instrumentId).side(o.buy);
        final List<Ord> level = side.get(o.price);
        level.remove(o);
        if (level.isEmpty())
        {
            side.remove(o.price);
        }
        openOrders.remove(o);
    }

    private static long total(final List<Ord> level)
    {
        long sum = 0;
        for (final Ord o : level)
        {
            sum += o.leaves;
        }
        return sum;
    }

    private boolean usedBefore(final long account, final long clOrdId)
    {
        return find(account, clOrdId) != null ||
            usedToday.getOrDefault(account, new LinkedHashSet<>()).contains(clOrdId);
    }

    private void remember(final long account, final long clOrdId)
    {
        if (0 == ctx.clientOrderIdMemory())
        {
            return;
        }
        final LinkedHashSet<Long> used = usedToday.computeIfAbsent(account, (k) -> new LinkedHashSet<>());
        if (used.add(clOrdId) && used.size() > ctx.clientOrderIdMemory())
        {
            used.remove(used.iterator().next());
        }
    }

    private void begin(final long cmd, final long ts, final long clientSeq)
    {
        final long today = Math.floorDiv(ts, 86_400_000_000_000L);
        if (today != day)
        {
            usedToday.clear();
            day = today;
        }
        commandSequence = cmd;
        timestampNs = ts;
        clientSequence = clientSeq;
        touched.clear();
    }

    private void publish()
    {
        for (final int instrumentId : touched)
        {
            final Book book = books.get(instrumentId);
            final long[] now = {
                book.bids.isEmpty() ? 0 : book.bids.firstKey(),
                book.bids.isEmpty() ? 0 : total(book.bids.firstEntry().getValue()),
                book.asks.isEmpty() ? 0 : book.asks.firstKey(),
                book.asks.isEmpty() ? 0 : total(book.asks.firstEntry().getValue()) };
            if (!java.util.Arrays.equals(now, book.published))
            {
                book.published = now;
                marketData.commandSequence = commandSequence;
                marketData.instrumentId = instrumentId;
                marketData.level = 0;
                marketData.bidPrice = now[0];
                marketData.bidQuantity = now[1];
                marketData.bidOrders = book.bids.isEmpty() ? 0 : book.bids.firstEntry().getValue().size();
                marketData.askPrice = now[2];
                marketData.askQuantity = now[3];
                marketData.askOrders = book.asks.isEmpty() ? 0 : book.asks.firstEntry().getValue().size();
                listener.onTopOfBook(marketData);
            }
        }
    }

    private void emit(
        final ExecType type, final OrderRejectReason reason, final Ord o, final long clientSeq, final long lastPx,
        final long lastQty)
    {
        final ExecutionEvent e = execution;
        e.execType = type;
        e.reason = reason;
        e.commandSequence = commandSequence;
        e.timestampNs = timestampNs;
        e.clientId = o.clientId;
        e.clientSequence = clientSeq;
        e.orderId = o.orderId;
        e.clientOrderId = o.clientOrderId;
        e.account = o.account;
        e.instrumentId = o.instrumentId;
        e.side = o.buy ? Side.BUY : Side.SELL;
        e.price = o.price;
        e.quantity = o.quantity;
        e.leavesQuantity = o.leaves;
        e.cumQuantity = o.cum;
        e.lastPrice = lastPx;
        e.lastQuantity = lastQty;
        listener.onExecution(e);
    }

    private void reject(
        final long clientId, final long account, final long clOrdId, final int instrumentId, final Side side,
        final long price, final long quantity, final OrderRejectReason reason)
    {
        final ExecutionEvent e = execution;
        e.execType = ExecType.REJECTED;
        e.reason = reason;
        e.commandSequence = commandSequence;
        e.timestampNs = timestampNs;
        e.clientId = clientId;
        e.clientSequence = clientSequence;
        e.orderId = 0;
        e.clientOrderId = clOrdId;
        e.account = account;
        e.instrumentId = instrumentId;
        e.side = side;
        e.price = price;
        e.quantity = quantity;
        e.leavesQuantity = 0;
        e.cumQuantity = 0;
        e.lastPrice = 0;
        e.lastQuantity = 0;
        listener.onExecution(e);
    }
}
