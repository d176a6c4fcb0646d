package io.streamflow.matcher;

import io.streamflow.operators.StateHash;
import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.OrderRejectReason;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Price-time priority matching for many instruments: a deterministic state machine with no I/O, no threads and no
 * clock. Commands come in as method calls carrying their engine sequence and time; what happens goes out, in order,
 * to a {@link MatchingListener}.
 * <p>
 * Rules:
 * <ul>
 *     <li>Limit orders trade at the resting (maker) price while they cross, oldest first at each price; the rest of
 *     a GTC order rests, of an IOC order is cancelled. Market orders, of any time in force, trade whatever is there
 *     and never rest: their rest is cancelled ({@code REMAINDER}).</li>
 *     <li>FOK: all or nothing, checked against the book before any fill; one that cannot fill completely is accepted,
 *     then cancelled ({@code FOK_UNFILLABLE}), as FIX reports a killed order. Post-only: rejected if it would cross;
 *     a post-only IOC that does not cross is accepted, then cancelled; post-only market or FOK is unsupported.</li>
 *     <li>A cancel, replace or mass cancel naming an instrument the engine does not have is rejected
 *     {@code UNKNOWN_INSTRUMENT}.</li>
 *     <li>Replace: the quantity is the new total order quantity, what has filled included (FIX's OrderQty), and a
 *     price or quantity of 0 is left as it was; a total at or below the filled quantity cancels the rest. Less open
 *     at the same price keeps time priority; a price change or more open loses it (and may trade).</li>
 *     <li>Self-trade prevention (configurable): a resting order of the incoming order's account is cancelled
 *     instead of traded with.</li>
 *     <li>Every capacity (orders, price levels, accounts, orders per account) is configuration; reaching one is a
 *     reject, never an exception.</li>
 * </ul>
 * Zero allocation in steady state: orders and price levels come from pools sized at construction, lookups use
 * Agrona primitive maps, events are reused objects.
 * <p>
 * Not thread safe: one thread only (the sequencer's).
 */
public final class MatchingEngine
{
    private final Context ctx;
    private final MatchingListener listener;
    private final Int2ObjectHashMap<OrderBook> books = new Int2ObjectHashMap<>();
    private final int[] instrumentIds;
    private final Long2ObjectHashMap<Account> accounts;
    private final Order[] orderPoolStorage;
    private final PriceLevel[] levelPoolStorage;
    private Order freeOrders;
    private int freeOrderCount;
    private PriceLevel freeLevels;
    private int freeLevelCount;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private long nextTradeId = 1;

    private final MatcherSnapshots snapshots = new MatcherSnapshots();
    private final ExpandableArrayBuffer hashScratch = new ExpandableArrayBuffer(4096);
    private final ExecutionEvent execution = new ExecutionEvent();
    private final TradeEvent trade = new TradeEvent();
    private final MarketDataEvent marketData = new MarketDataEvent();
    private final int[] touchedInstruments;
    private int touchedCount;

    private long commandSequence;
    private long timestampNs;
    private long commandClientSequence;
    /** The UTC day (days since the epoch) the accounts' remembered client order ids belong to. */
    private long clientOrderIdDay = Long.MIN_VALUE;
    private Account validatedOwner;

    /**
     * @param ctx      rules and capacities; concluded here.
     * @param listener for what happens.
     */
    public MatchingEngine(final Context ctx, final MatchingListener listener)
    {
        this.ctx = ctx.conclude();
        this.listener = listener;
        for (final InstrumentSpec spec : ctx.instruments())
        {
            books.put(spec.instrumentId(), new OrderBook(spec, ctx.initialLevelsPerSide()));
        }
        instrumentIds = ctx.instruments().stream().mapToInt(InstrumentSpec::instrumentId).sorted().toArray();
        touchedInstruments = new int[instrumentIds.length];
        accounts = new Long2ObjectHashMap<>(Math.max(8, ctx.maxAccounts() * 2), 0.65f);

        orderPoolStorage = new Order[ctx.maxOrders()];
        for (int i = 0; i < orderPoolStorage.length; i++)
        {
            orderPoolStorage[i] = new Order();
            releaseOrder(orderPoolStorage[i]);
        }
        levelPoolStorage = new PriceLevel[ctx.maxPriceLevels()];
        for (int i = 0; i < levelPoolStorage.length; i++)
        {
            levelPoolStorage[i] = new PriceLevel();
            releaseLevel(levelPoolStorage[i]);
        }
    }

    /**
     * @return the rules and capacities.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * Submit a new order. Its order id is the command's engine sequence.
     *
     * @param commandSequence engine sequence of the command, also the order id.
     * @param timestampNs     sequencing time.
     * @param clientId        client that sent it; its reports go there.
     * @param clientSequence  client sequence of the command.
     * @param account         trading account.
     * @param clientOrderId   the account's id for the order, unique among its open orders.
     * @param instrumentId    book to trade in.
     * @param side            buy or sell.
     * @param orderType       limit or market.
     * @param timeInForce     GTC, IOC or FOK.
     * @param postOnly        reject rather than cross.
     * @param price           limit price (ignored for market orders).
     * @param quantity        to trade.
     */
    public void newOrder(
        final long commandSequence,
        final long timestampNs,
        final long clientId,
        final long clientSequence,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity)
    {
        beginCommand(commandSequence, timestampNs, clientSequence);
        final boolean isMarket = OrderType.MARKET == orderType;
        final long limitPrice = isMarket ? 0 : price;
        final OrderBook book = books.get(instrumentId);

        final OrderRejectReason invalid = validateNew(
            book, isMarket, timeInForce, postOnly, limitPrice, quantity, account, clientOrderId);
        if (null != invalid)
        {
            rejectNew(clientId, account, clientOrderId, instrumentId, side, limitPrice, quantity, invalid);
            return;
        }

        final boolean isBuy = Side.BUY == side;
        final BookSide opposite = book.oppositeOf(isBuy);
        if (postOnly && null != opposite.best() && crosses(isBuy, limitPrice, opposite.best().price))
        {
            rejectNew(clientId, account, clientOrderId, instrumentId, side, limitPrice, quantity,
                OrderRejectReason.WOULD_CROSS);
            return;
        }
        // FIX: a FOK that cannot fill completely is accepted, then cancelled (killed), with nothing traded.
        final boolean isKilled = TimeInForce.FOK == timeInForce &&
            fillableQuantity(opposite, isBuy, isMarket, limitPrice, account) < quantity;

        final Order order = acquireOrder();
        order.orderId = commandSequence;
        order.clientId = clientId;
        order.account = account;
        order.clientOrderId = clientOrderId;
        order.instrumentId = instrumentId;
        order.isBuy = isBuy;
        order.isPostOnly = postOnly;
        order.price = limitPrice;
        order.quantity = quantity;
        order.leaves = quantity;
        order.cumQuantity = 0;
        // Accepted: its client order id is used for the day, whatever becomes of the order.
        final Account owner = null != validatedOwner ? validatedOwner : accountOf(account);
        owner.usedToday.add(clientOrderId);
        emit(ExecType.NEW, OrderRejectReason.NONE, order, clientSequence, 0, 0);
        if (isKilled)
        {
            emit(ExecType.CANCELED, OrderRejectReason.FOK_UNFILLABLE, order, clientSequence, 0, 0);
            releaseOrder(order);
            return;
        }

        touch(book);
        match(book, order, isMarket);
        if (order.leaves > 0 && !isMarket && TimeInForce.GTC == timeInForce)
        {
            if (rest(book, order))
            {
                owner.add(order);
            }
            else
            {
                emit(ExecType.CANCELED, OrderRejectReason.CAPACITY, order, clientSequence, 0, 0);
                releaseOrder(order);
            }
        }
        else
        {
            if (order.leaves > 0)
            {
                emit(ExecType.CANCELED, OrderRejectReason.REMAINDER, order, clientSequence, 0, 0);
            }
            releaseOrder(order);
        }

        publishTopOfBook();
    }

    /**
     * Cancel the open remainder of an order.
     *
     * @param commandSequence   engine sequence of the command.
     * @param timestampNs       sequencing time.
     * @param clientId          client that sent it.
     * @param clientSequence    client sequence of the command.
     * @param account           owning account.
     * @param clientOrderId     the cancel request's own id, reported if it is rejected.
     * @param origClientOrderId the order to cancel.
     * @param instrumentId      its instrument.
     */
    public void cancel(
        final long commandSequence,
        final long timestampNs,
        final long clientId,
        final long clientSequence,
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final int instrumentId)
    {
        beginCommand(commandSequence, timestampNs, clientSequence);
        final Order order = findOpen(account, origClientOrderId, instrumentId);
        if (null == order)
        {
            rejectNew(clientId, account, clientOrderId, instrumentId, Side.NULL_VAL, 0, 0,
                unknownOrderReason(instrumentId));
            return;
        }

        final OrderBook book = books.get(instrumentId);
        touch(book);
        cancelResting(book, order, OrderRejectReason.CANCEL_REQUESTED, clientSequence);
        publishTopOfBook();
    }

    /**
     * Change the price or the quantity of an order, as FIX's OrderCancelReplaceRequest does.
     *
     * @param commandSequence   engine sequence of the command.
     * @param timestampNs       sequencing time.
     * @param clientId          client that sent it.
     * @param clientSequence    client sequence of the command.
     * @param account           owning account.
     * @param clientOrderId     the order's id from now on (may equal the original).
     * @param origClientOrderId the order to change.
     * @param instrumentId      its instrument.
     * @param price             new limit price, 0 to keep it.
     * @param quantity          new total order quantity (what has filled included), 0 to keep it; at or below the
     *                          filled quantity, the rest is cancelled.
     */
    public void replace(
        final long commandSequence,
        final long timestampNs,
        final long clientId,
        final long clientSequence,
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final int instrumentId,
        final long price,
        final long quantity)
    {
        beginCommand(commandSequence, timestampNs, clientSequence);
        final Order order = findOpen(account, origClientOrderId, instrumentId);
        if (null == order)
        {
            rejectNew(clientId, account, clientOrderId, instrumentId, Side.NULL_VAL, price, quantity,
                unknownOrderReason(instrumentId));
            return;
        }

        final OrderBook book = books.get(instrumentId);
        final Account owner = order.owner;
        // FIX: the quantity is the new total order quantity, what has filled included; 0 leaves a field as it was.
        final long newPrice = 0 == price ? order.price : price;
        final long newTotal = 0 == quantity ? order.quantity : quantity;
        OrderRejectReason invalid = validatePriceAndQuantity(book.spec, false, newPrice, newTotal);
        if (null == invalid && clientOrderId != origClientOrderId && owner.hasUsed(clientOrderId))
        {
            invalid = OrderRejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        final PriceLevel oppositeBest = book.oppositeOf(order.isBuy).best();
        if (null == invalid && order.isPostOnly && null != oppositeBest &&
            crosses(order.isBuy, newPrice, oppositeBest.price))
        {
            invalid = OrderRejectReason.WOULD_CROSS;
        }
        if (null != invalid)
        {
            rejectExisting(order, clientOrderId, clientSequence, invalid);
            return;
        }

        if (clientOrderId != origClientOrderId)
        {
            owner.byClientOrderId.remove(origClientOrderId);
            owner.byClientOrderId.put(clientOrderId, order);
            owner.usedToday.add(clientOrderId);
            order.clientOrderId = clientOrderId;
        }

        touch(book);
        if (newTotal <= order.cumQuantity)
        {
            // Nothing would be left open: the rest is cancelled.
            cancelResting(book, order, OrderRejectReason.CANCEL_REQUESTED, clientSequence);
            publishTopOfBook();
            return;
        }
        final long newLeaves = newTotal - order.cumQuantity;
        final boolean keepsPriority = newPrice == order.price && newLeaves <= order.leaves;
        if (keepsPriority)
        {
            order.level.totalLeaves -= order.leaves - newLeaves;
            order.leaves = newLeaves;
            order.quantity = newTotal;
            emit(ExecType.REPLACED, OrderRejectReason.NONE, order, clientSequence, 0, 0);
        }
        else
        {
            unlink(book, order);
            order.price = newPrice;
            order.leaves = newLeaves;
            order.quantity = newTotal;
            emit(ExecType.REPLACED, OrderRejectReason.NONE, order, clientSequence, 0, 0);

            match(book, order, false);
            if (0 == order.leaves)
            {
                owner.remove(order);
                releaseOrder(order);
            }
            else if (!rest(book, order))
            {
                owner.remove(order);
                emit(ExecType.CANCELED, OrderRejectReason.CAPACITY, order, clientSequence, 0, 0);
                releaseOrder(order);
            }
        }

        publishTopOfBook();
    }

    /**
     * Cancel every open order of an account, in one instrument or in all, oldest first.
     *
     * @param commandSequence engine sequence of the command.
     * @param timestampNs     sequencing time.
     * @param clientId        client that sent it.
     * @param clientSequence  client sequence of the command.
     * @param account         whose orders to cancel.
     * @param instrumentId    the instrument, or 0 for all.
     * @return orders cancelled.
     */
    public int massCancel(
        final long commandSequence,
        final long timestampNs,
        final long clientId,
        final long clientSequence,
        final long account,
        final int instrumentId)
    {
        beginCommand(commandSequence, timestampNs, clientSequence);
        if (0 != instrumentId && null == books.get(instrumentId))
        {
            rejectNew(clientId, account, 0, instrumentId, Side.NULL_VAL, 0, 0, OrderRejectReason.UNKNOWN_INSTRUMENT);
            return 0;
        }
        final Account owner = accounts.get(account);
        int cancelled = 0;
        if (null != owner)
        {
            Order order = owner.head;
            while (null != order)
            {
                final Order next = order.nextInAccount;
                if (0 == instrumentId || order.instrumentId == instrumentId)
                {
                    final OrderBook book = books.get(order.instrumentId);
                    touch(book);
                    cancelResting(book, order, OrderRejectReason.MASS_CANCEL, clientSequence);
                    cancelled++;
                }
                order = next;
            }
        }

        publishTopOfBook();
        return cancelled;
    }

    /**
     * Send an L2 depth snapshot of one book to the listener: up to {@code levels} levels, best first.
     *
     * @param commandSequence engine sequence of the request.
     * @param instrumentId    the book.
     * @param levels          most levels per side.
     * @return false when the instrument is unknown.
     */
    public boolean depth(final long commandSequence, final int instrumentId, final int levels)
    {
        final OrderBook book = books.get(instrumentId);
        if (null == book)
        {
            return false;
        }

        for (int i = 0; i < levels; i++)
        {
            final PriceLevel bid = book.bids.levelAt(i);
            final PriceLevel ask = book.asks.levelAt(i);
            if (null == bid && null == ask)
            {
                break;
            }
            marketData.commandSequence = commandSequence;
            marketData.instrumentId = instrumentId;
            marketData.level = i;
            marketData.bidPrice = null == bid ? 0 : bid.price;
            marketData.bidQuantity = null == bid ? 0 : bid.totalLeaves;
            marketData.bidOrders = null == bid ? 0 : bid.orderCount;
            marketData.askPrice = null == ask ? 0 : ask.price;
            marketData.askQuantity = null == ask ? 0 : ask.totalLeaves;
            marketData.askOrders = null == ask ? 0 : ask.orderCount;
            listener.onDepthLevel(marketData);
        }
        return true;
    }

    /**
     * Write the engine's whole state (every book, order and account) as SBE messages.
     *
     * @param buffer to write to; an expandable buffer grows to fit.
     * @param offset to write at.
     * @return bytes written.
     */
    public int snapshot(final MutableDirectBuffer buffer, final int offset)
    {
        final long[] sortedAccounts = new long[accounts.size()];
        int i = 0;
        for (final Long2ObjectHashMap<Account>.KeyIterator it = accounts.keySet().iterator(); it.hasNext(); )
        {
            sortedAccounts[i++] = it.nextLong();
        }
        Arrays.sort(sortedAccounts);
        final OrderBook[] booksInOrder = new OrderBook[instrumentIds.length];
        for (int b = 0; b < instrumentIds.length; b++)
        {
            booksInOrder[b] = books.get(instrumentIds[b]);
        }

        return snapshots.write(buffer, offset, nextTradeId, ctx.selfTradePrevention(), clientOrderIdDay,
            sortedAccounts, accounts, booksInOrder);
    }

    /**
     * Rebuild the state a snapshot holds. The engine must be new (nothing open, no account) and have the same
     * instruments; afterwards it behaves exactly as the engine that took the snapshot did.
     *
     * @param buffer holding the snapshot.
     * @param offset of the snapshot.
     * @param length of the snapshot.
     * @throws IllegalStateException when the engine is not new, or the snapshot does not fit it.
     * @throws IllegalArgumentException when the snapshot is malformed.
     */
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        if (openOrderCount() != 0 || !accounts.isEmpty() || nextTradeId != 1)
        {
            throw new IllegalStateException("restore needs a new engine");
        }

        final List<Order> restored = new ArrayList<>();
        snapshots.read(buffer, offset, length, new MatcherSnapshots.Restorer()
        {
            public void onEngine(final long tradeId, final boolean selfTradePrevention, final long day)
            {
                clientOrderIdDay = day;
                if (selfTradePrevention != ctx.selfTradePrevention())
                {
                    throw new IllegalStateException("snapshot self-trade prevention " + selfTradePrevention +
                        " differs from this engine's");
                }
                nextTradeId = tradeId;
            }

            public void onAccount(final long account)
            {
                accountOf(account);
            }

            public void onUsedClientOrderId(final long account, final long clientOrderId)
            {
                accountOf(account).usedToday.add(clientOrderId);
            }

            public void onBook(
                final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
                final long askQuantity)
            {
                final OrderBook book = books.get(instrumentId);
                if (null == book)
                {
                    throw new IllegalStateException("snapshot has instrument " + instrumentId + ", engine has not");
                }
                book.publishedBidPrice = bidPrice;
                book.publishedBidQuantity = bidQuantity;
                book.publishedAskPrice = askPrice;
                book.publishedAskQuantity = askQuantity;
            }

            public void onOrder(
                final int instrumentId, final long orderId, final long clientId, final long account,
                final long clientOrderId, final boolean isBuy, final boolean isPostOnly, final long price,
                final long quantity, final long leaves, final long cumQuantity)
            {
                if (0 == freeOrderCount)
                {
                    throw new IllegalStateException("snapshot has more orders than this engine's capacity");
                }
                final Order order = acquireOrder();
                order.orderId = orderId;
                order.clientId = clientId;
                order.account = account;
                order.clientOrderId = clientOrderId;
                order.instrumentId = instrumentId;
                order.isBuy = isBuy;
                order.isPostOnly = isPostOnly;
                order.price = price;
                order.quantity = quantity;
                order.leaves = leaves;
                order.cumQuantity = cumQuantity;
                if (!rest(books.get(instrumentId), order))
                {
                    throw new IllegalStateException("snapshot has more price levels than this engine's capacity");
                }
                restored.add(order);
            }
        });

        // Accounts list their orders in acceptance order, which is order id order.
        restored.sort((a, b) -> Long.compare(a.orderId, b.orderId));
        for (final Order order : restored)
        {
            accountOf(order.account).add(order);
        }
    }

    /**
     * A hash of the whole state: equal for engines that will behave identically from here on.
     *
     * @return the state hash.
     */
    public long stateHash()
    {
        final int length = snapshot(hashScratch, 0);
        return StateHash.of(hashScratch, 0, length);
    }

    /**
     * @return orders open in all books.
     */
    public int openOrderCount()
    {
        return ctx.maxOrders() - freeOrderCount;
    }

    /**
     * Check every structural invariant: levels sorted and non-empty, level totals equal to their orders, no crossed
     * book, accounts agreeing with the books, pools accounted for. For tests, after every command.
     *
     * @throws IllegalStateException naming the first broken invariant.
     */
    public void validateInternalState()
    {
        int ordersInBooks = 0;
        int levelsInBooks = 0;
        for (final int instrumentId : instrumentIds)
        {
            final OrderBook book = books.get(instrumentId);
            ordersInBooks += validateSide(book.bids, instrumentId, true);
            ordersInBooks += validateSide(book.asks, instrumentId, false);
            levelsInBooks += book.bids.levelCount() + book.asks.levelCount();
            final PriceLevel bid = book.bids.best();
            final PriceLevel ask = book.asks.best();
            check(null == bid || null == ask || bid.price < ask.price, "crossed book at rest", instrumentId);
        }

        int ordersInAccounts = 0;
        for (final Account account : accounts.values())
        {
            int count = 0;
            for (Order order = account.head; null != order; order = order.nextInAccount)
            {
                check(order.account == account.account, "order in another account's list", order.instrumentId);
                check(account.byClientOrderId.get(order.clientOrderId) == order, "client order id index", 0);
                check(null != order.level, "account order not in a book", order.instrumentId);
                count++;
            }
            check(count == account.openOrders && count == account.byClientOrderId.size(), "account count", 0);
            ordersInAccounts += count;
        }

        check(ordersInBooks == ordersInAccounts, "orders in books " + ordersInBooks + " vs accounts " +
            ordersInAccounts, 0);
        check(ordersInBooks + freeOrderCount == ctx.maxOrders(), "order pool leak", 0);
        check(levelsInBooks + freeLevelCount == ctx.maxPriceLevels(), "price level pool leak", 0);
    }

    private int validateSide(final BookSide side, final int instrumentId, final boolean isBid)
    {
        int orders = 0;
        for (int depth = 0; depth < side.levelCount(); depth++)
        {
            final PriceLevel level = side.levelAt(depth);
            check(!level.isEmpty(), "empty level", instrumentId);
            if (depth > 0)
            {
                check(side.isBetter(side.levelAt(depth - 1).price, level.price), "levels out of order", instrumentId);
            }
            long leaves = 0;
            int count = 0;
            for (Order order = level.head; null != order; order = order.nextInLevel)
            {
                check(order.level == level && order.price == level.price && order.isBuy == isBid, "order link",
                    instrumentId);
                check(order.leaves > 0 && order.cumQuantity + order.leaves == order.quantity, "order quantities",
                    instrumentId);
                leaves += order.leaves;
                count++;
            }
            check(leaves == level.totalLeaves && count == level.orderCount, "level totals", instrumentId);
            orders += count;
        }
        return orders;
    }

    private static void check(final boolean condition, final String what, final int instrumentId)
    {
        if (!condition)
        {
            throw new IllegalStateException("matching engine invariant broken: " + what + " (instrument " +
                instrumentId + ")");
        }
    }

    /**
     * Why a cancel or replace found no order: its instrument is not one the engine has, or no such open order.
     */
    private OrderRejectReason unknownOrderReason(final int instrumentId)
    {
        return null == books.get(instrumentId) ? OrderRejectReason.UNKNOWN_INSTRUMENT : OrderRejectReason.UNKNOWN_ORDER;
    }

    private OrderRejectReason validateNew(
        final OrderBook book,
        final boolean isMarket,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long account,
        final long clientOrderId)
    {
        if (null == book)
        {
            return OrderRejectReason.UNKNOWN_INSTRUMENT;
        }
        final OrderRejectReason invalid = validatePriceAndQuantity(book.spec, isMarket, price, quantity);
        if (null != invalid)
        {
            return invalid;
        }
        // A market order of any time in force takes what is there (its rest is cancelled); post-only must not take.
        if (postOnly && (isMarket || TimeInForce.FOK == timeInForce))
        {
            return OrderRejectReason.UNSUPPORTED;
        }

        final Account owner = accounts.get(account);
        validatedOwner = owner;
        if (null != owner)
        {
            if (owner.hasUsed(clientOrderId))
            {
                return OrderRejectReason.DUPLICATE_CLIENT_ORDER_ID;
            }
            if (owner.openOrders >= ctx.maxOrdersPerAccount())
            {
                return OrderRejectReason.ORDER_LIMIT;
            }
        }
        else if (accounts.size() >= ctx.maxAccounts())
        {
            return OrderRejectReason.CAPACITY;
        }
        if (0 == freeOrderCount)
        {
            return OrderRejectReason.CAPACITY;
        }

        return null;
    }

    private static OrderRejectReason validatePriceAndQuantity(
        final InstrumentSpec spec, final boolean isMarket, final long price, final long quantity)
    {
        if (quantity <= 0)
        {
            return OrderRejectReason.INVALID_QUANTITY;
        }
        if (quantity % spec.lotSize() != 0)
        {
            return OrderRejectReason.OFF_LOT_QUANTITY;
        }
        if (!isMarket)
        {
            if (price % spec.tickSize() != 0)
            {
                return OrderRejectReason.OFF_TICK_PRICE;
            }
            if (price < spec.minPrice() || price > spec.maxPrice())
            {
                return OrderRejectReason.OUTSIDE_PRICE_BAND;
            }
        }
        return null;
    }

    private long fillableQuantity(
        final BookSide opposite, final boolean isBuy, final boolean isMarket, final long limitPrice, final long account)
    {
        long fillable = 0;
        for (int depth = 0; depth < opposite.levelCount(); depth++)
        {
            final PriceLevel level = opposite.levelAt(depth);
            if (!isMarket && !crosses(isBuy, limitPrice, level.price))
            {
                break;
            }
            if (ctx.selfTradePrevention())
            {
                for (Order order = level.head; null != order; order = order.nextInLevel)
                {
                    if (order.account != account)
                    {
                        fillable += order.leaves;
                    }
                }
            }
            else
            {
                fillable += level.totalLeaves;
            }
        }
        return fillable;
    }

    /**
     * Trade the taker against the opposite side while it crosses, best price first, oldest first at each price.
     */
    private void match(final OrderBook book, final Order taker, final boolean isMarket)
    {
        final BookSide opposite = book.oppositeOf(taker.isBuy);
        while (taker.leaves > 0)
        {
            final PriceLevel level = opposite.best();
            if (null == level || (!isMarket && !crosses(taker.isBuy, taker.price, level.price)))
            {
                break;
            }

            final Order maker = level.head;
            if (ctx.selfTradePrevention() && maker.account == taker.account)
            {
                cancelResting(book, maker, OrderRejectReason.SELF_TRADE_PREVENTED, -1);
                continue;
            }

            final long quantity = Math.min(taker.leaves, maker.leaves);
            final long price = level.price;
            maker.leaves -= quantity;
            maker.cumQuantity += quantity;
            level.totalLeaves -= quantity;
            taker.leaves -= quantity;
            taker.cumQuantity += quantity;

            trade.commandSequence = commandSequence;
            trade.timestampNs = timestampNs;
            trade.tradeId = nextTradeId++;
            trade.instrumentId = book.spec.instrumentId();
            trade.makerOrderId = maker.orderId;
            trade.takerOrderId = taker.orderId;
            trade.price = price;
            trade.quantity = quantity;
            trade.aggressorSide = taker.isBuy ? Side.BUY : Side.SELL;
            listener.onTrade(trade);

            emit(0 == maker.leaves ? ExecType.FILL : ExecType.PARTIAL_FILL, OrderRejectReason.NONE, maker, -1,
                price, quantity);
            emit(0 == taker.leaves ? ExecType.FILL : ExecType.PARTIAL_FILL, OrderRejectReason.NONE, taker,
                commandClientSequence, price, quantity);

            if (0 == maker.leaves)
            {
                unlink(book, maker);
                maker.owner.remove(maker);
                releaseOrder(maker);
            }
        }
    }

    private void cancelResting(
        final OrderBook book, final Order order, final OrderRejectReason reason, final long clientSequence)
    {
        unlink(book, order);
        order.owner.remove(order);
        emit(ExecType.CANCELED, reason, order, clientSequence, 0, 0);
        releaseOrder(order);
    }

    /**
     * Put an order at the back of its price level, making the level if needed.
     *
     * @return false when no price level is left in the pool.
     */
    private boolean rest(final OrderBook book, final Order order)
    {
        final BookSide side = book.side(order.isBuy);
        PriceLevel level = side.find(order.price);
        if (null == level)
        {
            if (0 == freeLevelCount)
            {
                return false;
            }
            level = acquireLevel(order.price);
            side.insert(level);
        }
        level.append(order);
        return true;
    }

    /**
     * Take an order out of its level, and the level out of the book if it empties.
     */
    private void unlink(final OrderBook book, final Order order)
    {
        final PriceLevel level = order.level;
        level.remove(order);
        if (level.isEmpty())
        {
            book.side(order.isBuy).remove(level);
            releaseLevel(level);
        }
    }

    private Order findOpen(final long account, final long clientOrderId, final int instrumentId)
    {
        final Account owner = accounts.get(account);
        final Order order = null == owner ? null : owner.byClientOrderId.get(clientOrderId);
        return null != order && order.instrumentId == instrumentId ? order : null;
    }

    private Account accountOf(final long account)
    {
        Account owner = accounts.get(account);
        if (null == owner)
        {
            // A new account: allocates once, then is reused for the account's life.
            owner = new Account(account, Math.min(ctx.maxOrdersPerAccount(), 64), ctx.clientOrderIdMemory());
            accounts.put(account, owner);
        }
        return owner;
    }

    private static boolean crosses(final boolean isBuy, final long limitPrice, final long oppositePrice)
    {
        return isBuy ? limitPrice >= oppositePrice : limitPrice <= oppositePrice;
    }

    private void beginCommand(final long commandSequence, final long timestampNs, final long clientSequence)
    {
        this.commandSequence = commandSequence;
        this.timestampNs = timestampNs;
        this.commandClientSequence = clientSequence;
        final long day = Math.floorDiv(timestampNs, NANOS_PER_DAY);
        if (day != clientOrderIdDay)
        {
            // A new UTC day: client order ids may be used again (the open orders' stay taken while they are open).
            if (Long.MIN_VALUE != clientOrderIdDay)
            {
                for (final Account owner : accounts.values())
                {
                    owner.usedToday.clear();
                }
            }
            clientOrderIdDay = day;
        }
        if (!ctx.conflateTopOfBook())
        {
            touchedCount = 0;
        }
    }

    private void touch(final OrderBook book)
    {
        book.lastTouchSequence = commandSequence;
        final int instrumentId = book.spec.instrumentId();
        for (int i = 0; i < touchedCount; i++)
        {
            if (touchedInstruments[i] == instrumentId)
            {
                return;
            }
        }
        touchedInstruments[touchedCount++] = instrumentId;
    }

    /**
     * After a command: for each book it touched, in instrument id order, the new top of book if it moved.
     */
    private void publishTopOfBook()
    {
        if (!ctx.conflateTopOfBook())
        {
            flushTopOfBook();
        }
    }

    /**
     * Publish the top of every book touched since the last flush whose top moved, in instrument id order, each tagged
     * with the last command that touched it. With {@link Context#conflateTopOfBook()} the host calls this once per
     * batch of commands (and a book's top is published at most once per batch); otherwise it runs after every
     * command. After it, every book's published top is its top: the state no longer depends on where it was called.
     */
    public void flushTopOfBook()
    {
        Arrays.sort(touchedInstruments, 0, touchedCount);
        for (int i = 0; i < touchedCount; i++)
        {
            final OrderBook book = books.get(touchedInstruments[i]);
            final PriceLevel bid = book.bids.best();
            final PriceLevel ask = book.asks.best();
            final long bidPrice = null == bid ? 0 : bid.price;
            final long bidQuantity = null == bid ? 0 : bid.totalLeaves;
            final long askPrice = null == ask ? 0 : ask.price;
            final long askQuantity = null == ask ? 0 : ask.totalLeaves;
            if (bidPrice != book.publishedBidPrice || bidQuantity != book.publishedBidQuantity ||
                askPrice != book.publishedAskPrice || askQuantity != book.publishedAskQuantity)
            {
                book.publishedBidPrice = bidPrice;
                book.publishedBidQuantity = bidQuantity;
                book.publishedAskPrice = askPrice;
                book.publishedAskQuantity = askQuantity;
                marketData.commandSequence = book.lastTouchSequence;
                marketData.instrumentId = book.spec.instrumentId();
                marketData.level = 0;
                marketData.bidPrice = bidPrice;
                marketData.bidQuantity = bidQuantity;
                marketData.bidOrders = null == bid ? 0 : bid.orderCount;
                marketData.askPrice = askPrice;
                marketData.askQuantity = askQuantity;
                marketData.askOrders = null == ask ? 0 : ask.orderCount;
                listener.onTopOfBook(marketData);
            }
        }
        touchedCount = 0;
    }

    private void emit(
        final ExecType execType,
        final OrderRejectReason reason,
        final Order order,
        final long clientSequence,
        final long lastPrice,
        final long lastQuantity)
    {
        final ExecutionEvent e = execution;
        e.execType = execType;
        e.reason = reason;
        e.commandSequence = commandSequence;
        e.timestampNs = timestampNs;
        e.clientId = order.clientId;
        e.clientSequence = clientSequence;
        e.orderId = order.orderId;
        e.clientOrderId = order.clientOrderId;
        e.account = order.account;
        e.instrumentId = order.instrumentId;
        e.side = order.isBuy ? Side.BUY : Side.SELL;
        e.price = order.price;
        e.quantity = order.quantity;
        e.leavesQuantity = order.leaves;
        e.cumQuantity = order.cumQuantity;
        e.lastPrice = lastPrice;
        e.lastQuantity = lastQuantity;
        listener.onExecution(e);
    }

    private void rejectExisting(
        final Order order, final long clientOrderId, final long clientSequence, final OrderRejectReason reason)
    {
        final long currentClientOrderId = order.clientOrderId;
        order.clientOrderId = clientOrderId;
        emit(ExecType.REJECTED, reason, order, clientSequence, 0, 0);
        order.clientOrderId = currentClientOrderId;
    }

    private void rejectNew(
        final long clientId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final OrderRejectReason reason)
    {
        final ExecutionEvent e = execution;
        e.execType = ExecType.REJECTED;
        e.reason = reason;
        e.commandSequence = commandSequence;
        e.timestampNs = timestampNs;
        e.clientId = clientId;
        e.clientSequence = commandClientSequence;
        e.orderId = 0;
        e.clientOrderId = clientOrderId;
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

    private Order acquireOrder()
    {
        final Order order = freeOrders;
        freeOrders = order.nextFree;
        order.nextFree = null;
        freeOrderCount--;
        return order;
    }

    private void releaseOrder(final Order order)
    {
        order.clearLinks();
        order.nextFree = freeOrders;
        freeOrders = order;
        freeOrderCount++;
    }

    private PriceLevel acquireLevel(final long price)
    {
        final PriceLevel level = freeLevels;
        freeLevels = level.nextFree;
        level.nextFree = null;
        level.price = price;
        level.totalLeaves = 0;
        level.orderCount = 0;
        level.head = null;
        level.tail = null;
        freeLevelCount--;
        return level;
    }

    private void releaseLevel(final PriceLevel level)
    {
        level.head = null;
        level.tail = null;
        level.nextFree = freeLevels;
        freeLevels = level;
        freeLevelCount++;
    }

    /**
     * Rules and capacities of an engine, validated by {@link #conclude()}.
     */
    public static final class Context
    {
        /**
         * Client order ids each account remembers per day by default: an account costs at most about 200 KiB for
         * them, the most accounts ({@link #maxAccounts()}, 4,096 by default) 800 MiB.
         */
        public static final int CLIENT_ORDER_ID_MEMORY_DEFAULT = 8_192;

        private final List<InstrumentSpec> instruments = new ArrayList<>();
        private int maxOrders = 1 << 20;
        private int maxPriceLevels = 1 << 18;
        private int maxAccounts = 1 << 12;
        private int maxOrdersPerAccount = 1 << 16;
        private int clientOrderIdMemory = CLIENT_ORDER_ID_MEMORY_DEFAULT;
        private int initialLevelsPerSide = 64;
        private boolean selfTradePrevention = true;
        private boolean conflateTopOfBook;
        private boolean isConcluded;

        /**
         * Validate.
         *
         * @return this for a fluent API.
         * @throws IllegalArgumentException naming what is wrong.
         */
        public Context conclude()
        {
            if (isConcluded)
            {
                return this;
            }
            if (instruments.isEmpty())
            {
                throw new IllegalArgumentException("no instruments");
            }
            if (maxOrders <= 0 || maxPriceLevels <= 0 || maxAccounts <= 0 || maxOrdersPerAccount <= 0 ||
                initialLevelsPerSide <= 0)
            {
                throw new IllegalArgumentException("capacities must be positive");
            }
            if (clientOrderIdMemory < 0)
            {
                throw new IllegalArgumentException("the client order id memory must be 0 or more");
            }
            final long distinct = instruments.stream().mapToInt(InstrumentSpec::instrumentId).distinct().count();
            if (distinct != instruments.size())
            {
                throw new IllegalArgumentException("instrument id given twice");
            }
            isConcluded = true;
            return this;
        }

        /**
         * @param spec an instrument to trade.
         * @return this for a fluent API.
         */
        public Context instrument(final InstrumentSpec spec)
        {
            instruments.add(spec);
            return this;
        }

        /**
         * @return the instruments.
         */
        public List<InstrumentSpec> instruments()
        {
            return instruments;
        }

        /**
         * @param maxOrders open orders over all books (the order pool).
         * @return this for a fluent API.
         */
        public Context maxOrders(final int maxOrders)
        {
            this.maxOrders = maxOrders;
            return this;
        }

        /**
         * @return open orders over all books.
         */
        public int maxOrders()
        {
            return maxOrders;
        }

        /**
         * @param maxPriceLevels price levels over all books (the level pool).
         * @return this for a fluent API.
         */
        public Context maxPriceLevels(final int maxPriceLevels)
        {
            this.maxPriceLevels = maxPriceLevels;
            return this;
        }

        /**
         * @return price levels over all books.
         */
        public int maxPriceLevels()
        {
            return maxPriceLevels;
        }

        /**
         * @param maxAccounts accounts that may have orders.
         * @return this for a fluent API.
         */
        public Context maxAccounts(final int maxAccounts)
        {
            this.maxAccounts = maxAccounts;
            return this;
        }

        /**
         * @return accounts that may have orders.
         */
        public int maxAccounts()
        {
            return maxAccounts;
        }

        /**
         * @param clientOrderIdMemory client order ids of accepted orders each account remembers per UTC day: an id
         *                            remembered is a duplicate even after its order filled or was cancelled (FIX:
         *                            ClOrdID unique per day); past this many the oldest is forgotten; 0 checks only
         *                            open orders.
         * @return this for a fluent API.
         */
        public Context clientOrderIdMemory(final int clientOrderIdMemory)
        {
            this.clientOrderIdMemory = clientOrderIdMemory;
            return this;
        }

        /**
         * @return client order ids each account remembers per day.
         */
        public int clientOrderIdMemory()
        {
            return clientOrderIdMemory;
        }

        /**
         * @param maxOrdersPerAccount open orders one account may have.
         * @return this for a fluent API.
         */
        public Context maxOrdersPerAccount(final int maxOrdersPerAccount)
        {
            this.maxOrdersPerAccount = maxOrdersPerAccount;
            return this;
        }

        /**
         * @return open orders one account may have.
         */
        public int maxOrdersPerAccount()
        {
            return maxOrdersPerAccount;
        }

        /**
         * @param initialLevelsPerSide price levels each side has room for before it grows (once).
         * @return this for a fluent API.
         */
        public Context initialLevelsPerSide(final int initialLevelsPerSide)
        {
            this.initialLevelsPerSide = initialLevelsPerSide;
            return this;
        }

        /**
         * @return price levels each side has room for before it grows.
         */
        public int initialLevelsPerSide()
        {
            return initialLevelsPerSide;
        }

        /**
         * @param selfTradePrevention cancel a resting order rather than trade it with its own account.
         * @return this for a fluent API.
         */
        public Context selfTradePrevention(final boolean selfTradePrevention)
        {
            this.selfTradePrevention = selfTradePrevention;
            return this;
        }

        /**
         * @return whether self-trade prevention is on.
         */
        public boolean selfTradePrevention()
        {
            return selfTradePrevention;
        }

        /**
         * @param conflateTopOfBook publish top of book only when the host flushes ({@link #flushTopOfBook()}, once per
         *                          batch of commands), not after every command.
         * @return this for a fluent API.
         */
        public Context conflateTopOfBook(final boolean conflateTopOfBook)
        {
            this.conflateTopOfBook = conflateTopOfBook;
            return this;
        }

        /**
         * @return whether top of book is published once per flush rather than after every command.
         */
        public boolean conflateTopOfBook()
        {
            return conflateTopOfBook;
        }
    }
}
