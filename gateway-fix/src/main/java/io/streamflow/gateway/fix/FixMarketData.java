package io.streamflow.gateway.fix;

import io.streamflow.client.FollowListener;
import io.streamflow.client.FollowedRecord;
import io.streamflow.client.LogFollower;
import io.streamflow.gateway.fix44.builder.MarketDataIncrementalRefreshEncoder;
import io.streamflow.gateway.fix44.builder.MarketDataRequestRejectEncoder;
import io.streamflow.gateway.fix44.builder.MarketDataSnapshotFullRefreshEncoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.TopOfBookDecoder;
import io.streamflow.sbe.TradeDecoder;
import uk.co.real_logic.artio.Pressure;
import uk.co.real_logic.artio.session.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * Market data for FIX sessions: top of book and trades from the node's market-data output stream, followed through
 * the node's log server from its earliest entry (so the gateway knows each book's top whenever it started), then
 * live. A MarketDataRequest (V) for a symbol gets a MarketDataSnapshotFullRefresh (W) of the top once the follow is
 * live, then, for a subscription, a MarketDataIncrementalRefresh (X) at each change of the top (a new price: Delete
 * of the old entry then New; the same price, another size: Change; a side emptied: Delete) and at each trade (New
 * of MDEntryType 2), or a full refresh at each change where MDUpdateType is 0. An update a session cannot take now
 * (back-pressure) is not queued: the session gets a full refresh at the next change instead.
 * <p>
 * MarketDepth 1 (top of book) only; full depth (0) and N levels are refused (MarketDataRequestReject, reason 5) until
 * the node publishes its levels. The gateway's thread only.
 */
final class FixMarketData implements FollowListener
{
    static final char BID = '0';
    static final char OFFER = '1';
    static final char TRADE = '2';
    private static final int FRAGMENT_LIMIT = 64;

    /** One subscription of a session. */
    static final class Subscription
    {
        final Session session;
        final String mdReqId;
        final int symbolIndex;
        final boolean bids;
        final boolean offers;
        final boolean trades;
        final boolean incremental;
        final boolean snapshotOnly;
        boolean snapshotDue = true;

        /**
         * @param session      whose.
         * @param mdReqId      MDReqID (262).
         * @param symbolIndex  the symbol ({@link FixInstruments}).
         * @param bids         MDEntryType 0 asked for.
         * @param offers       MDEntryType 1 asked for.
         * @param trades       MDEntryType 2 asked for.
         * @param incremental  MDUpdateType 1: changes as incremental refreshes (else full refreshes).
         * @param snapshotOnly SubscriptionRequestType 0: one snapshot, then nothing.
         */
        Subscription(
            final Session session,
            final String mdReqId,
            final int symbolIndex,
            final boolean bids,
            final boolean offers,
            final boolean trades,
            final boolean incremental,
            final boolean snapshotOnly)
        {
            this.snapshotOnly = snapshotOnly;
            this.session = session;
            this.mdReqId = mdReqId;
            this.symbolIndex = symbolIndex;
            this.bids = bids;
            this.offers = offers;
            this.trades = trades;
            this.incremental = incremental;
        }
    }

    private final FixInstruments instruments;
    private final LogFollower follower;
    private final FixCounters counters;
    private final long[] bidPrice;
    private final long[] bidQuantity;
    private final long[] askPrice;
    private final long[] askQuantity;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TopOfBookDecoder topOfBook = new TopOfBookDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final MarketDataSnapshotFullRefreshEncoder snapshot = new MarketDataSnapshotFullRefreshEncoder();
    private final MarketDataIncrementalRefreshEncoder incremental = new MarketDataIncrementalRefreshEncoder();
    private final MarketDataRequestRejectEncoder requestReject = new MarketDataRequestRejectEncoder();
    private boolean live;
    private String unavailable;

    FixMarketData(final FixInstruments instruments, final LogFollower follower, final FixCounters counters)
    {
        this.instruments = instruments;
        this.follower = follower;
        this.counters = counters;
        final int symbols = instruments.size();
        bidPrice = new long[symbols];
        bidQuantity = new long[symbols];
        askPrice = new long[symbols];
        askQuantity = new long[symbols];
    }

    /**
     * @return true once the history is read: snapshots are the books' tops.
     */
    boolean isLive()
    {
        return live;
    }

    /**
     * Stop following.
     */
    void close()
    {
        follower.close();
    }

    /**
     * Take what the follow delivered; send the snapshots that are due.
     *
     * @return work done.
     */
    int doWork()
    {
        int work = follower.poll(this, FRAGMENT_LIMIT);
        if (null != unavailable)
        {
            // No market data: what was asked for before that was known is refused with the reason.
            for (int i = subscriptions.size() - 1; i >= 0; i--)
            {
                final Subscription subscription = subscriptions.get(i);
                if (reject(subscription.session, subscription.mdReqId, '3', unavailable))
                {
                    subscriptions.remove(i);
                    work++;
                }
            }
        }
        else if (live)
        {
            for (int i = 0; i < subscriptions.size(); i++)
            {
                final Subscription subscription = subscriptions.get(i);
                if (subscription.snapshotDue && sendSnapshot(subscription))
                {
                    work++;
                    if (subscription.snapshotOnly)
                    {
                        subscriptions.remove(i--);
                    }
                }
            }
        }
        return work;
    }

    /**
     * Subscribe (or ask for one snapshot): the snapshot goes out once the follow is live.
     *
     * @param subscription what and for whom.
     */
    void add(final Subscription subscription)
    {
        subscriptions.add(subscription);
    }

    /**
     * @param session a session.
     * @param mdReqId a request id.
     * @return true when the session has a subscription of that id.
     */
    boolean has(final Session session, final String mdReqId)
    {
        for (final Subscription existing : subscriptions)
        {
            if (existing.session == session && existing.mdReqId.equals(mdReqId))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param session a session.
     * @param mdReqId its request to end (SubscriptionRequestType 2).
     * @return true when it had such a subscription.
     */
    boolean remove(final Session session, final String mdReqId)
    {
        return subscriptions.removeIf((s) -> s.session == session && s.mdReqId.equals(mdReqId));
    }

    /**
     * @param session gone: its subscriptions end.
     */
    void removeAll(final Session session)
    {
        subscriptions.removeIf((s) -> s.session == session);
    }

    /**
     * Refuse a MarketDataRequest.
     *
     * @return false when back-pressured.
     */
    boolean reject(final Session session, final String mdReqId, final char reason, final String text)
    {
        requestReject.reset();
        requestReject.mDReqID(mdReqId).mDReqRejReason(reason).text(text);
        if (Pressure.isBackPressured(session.trySend(requestReject)))
        {
            return false;
        }
        counters.businessRejects.increment();
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public void onRecord(final FollowedRecord record)
    {
        if (record.payloadLength() < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(record.buffer(), record.payloadOffset());
        final int body = record.payloadOffset() + MessageHeaderDecoder.ENCODED_LENGTH;
        if (TopOfBookDecoder.TEMPLATE_ID == header.templateId())
        {
            topOfBook.wrap(record.buffer(), body, header.blockLength(), header.version());
            onTopOfBook();
        }
        else if (TradeDecoder.TEMPLATE_ID == header.templateId())
        {
            trade.wrap(record.buffer(), body, header.blockLength(), header.version());
            onTrade();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onLive(final long correlationId, final long engineSequence)
    {
        live = true;
    }

    /**
     * {@inheritDoc}
     */
    public void onEnded(final long correlationId, final boolean refused, final String reason)
    {
        unavailable = (refused ? "the node refused the gateway's follow of its market data: " :
            "the node stopped serving its market data: ") + reason;
        live = false;
    }

    /**
     * @return why there is no market data (the node refused the follow: the gateway's market-data principal), or
     * null while there is.
     */
    String unavailable()
    {
        return unavailable;
    }

    private void onTopOfBook()
    {
        final int index = instruments.indexOfInstrument(topOfBook.instrumentId());
        if (index < 0)
        {
            return;
        }
        final long oldBid = bidPrice[index];
        final long oldBidSize = bidQuantity[index];
        final long oldAsk = askPrice[index];
        final long oldAskSize = askQuantity[index];
        bidPrice[index] = topOfBook.bidPriceTicks();
        bidQuantity[index] = topOfBook.bidQuantity();
        askPrice[index] = topOfBook.askPriceTicks();
        askQuantity[index] = topOfBook.askQuantity();
        if (!live)
        {
            return;
        }
        for (final Subscription subscription : subscriptions)
        {
            if (subscription.symbolIndex != index || subscription.snapshotDue)
            {
                continue;
            }
            final boolean sent;
            if (subscription.incremental)
            {
                sent = sendTopChange(subscription, index, oldBid, oldBidSize, oldAsk, oldAskSize);
            }
            else
            {
                sent = !(subscription.bids || subscription.offers) || sendSnapshot(subscription);
            }
            subscription.snapshotDue = !sent;
        }
    }

    private void onTrade()
    {
        final int index = instruments.indexOfInstrument(trade.instrumentId());
        if (index < 0 || !live)
        {
            return;
        }
        for (final Subscription subscription : subscriptions)
        {
            if (subscription.symbolIndex != index || !subscription.trades || !subscription.incremental ||
                subscription.snapshotDue)
            {
                continue;
            }
            incremental.reset();
            incremental.mDReqID(subscription.mdReqId);
            final MarketDataIncrementalRefreshEncoder.MDEntriesGroupEncoder entry = incremental.mDEntriesGroup(1);
            entry.mDUpdateAction('0').mDEntryType(TRADE);
            entry.instrument().symbol(instruments.symbol(index));
            price(entry, index, trade.priceTicks());
            entry.mDEntrySize(trade.quantity(), 0);
            if (Pressure.isBackPressured(subscription.session.trySend(incremental)))
            {
                subscription.snapshotDue = true;
            }
            else
            {
                counters.marketDataMessages.increment();
            }
        }
    }

    private boolean sendTopChange(
        final Subscription subscription,
        final int index,
        final long oldBid,
        final long oldBidSize,
        final long oldAsk,
        final long oldAskSize)
    {
        final int bidEntries = subscription.bids ? entries(oldBid, oldBidSize, bidPrice[index],
            bidQuantity[index]) : 0;
        final int askEntries = subscription.offers ? entries(oldAsk, oldAskSize, askPrice[index],
            askQuantity[index]) : 0;
        if (0 == bidEntries + askEntries)
        {
            return true;
        }
        incremental.reset();
        incremental.mDReqID(subscription.mdReqId);
        MarketDataIncrementalRefreshEncoder.MDEntriesGroupEncoder entry =
            incremental.mDEntriesGroup(bidEntries + askEntries);
        if (bidEntries > 0)
        {
            entry = change(entry, index, BID, oldBid, oldBidSize, bidPrice[index], bidQuantity[index]);
        }
        if (askEntries > 0)
        {
            change(entry, index, OFFER, oldAsk, oldAskSize, askPrice[index], askQuantity[index]);
        }
        if (Pressure.isBackPressured(subscription.session.trySend(incremental)))
        {
            return false;
        }
        counters.marketDataMessages.increment();
        return true;
    }

    /**
     * @return entries an incremental refresh needs for one side's change: 0 unchanged, 1 (new, change or delete),
     * 2 (delete the old price, then new).
     */
    private static int entries(final long oldPrice, final long oldSize, final long newPrice, final long newSize)
    {
        if (oldPrice == newPrice && oldSize == newSize)
        {
            return 0;
        }
        return 0 != oldPrice && 0 != newPrice && oldPrice != newPrice ? 2 : 1;
    }

    private MarketDataIncrementalRefreshEncoder.MDEntriesGroupEncoder change(
        final MarketDataIncrementalRefreshEncoder.MDEntriesGroupEncoder first,
        final int index,
        final char type,
        final long oldPrice,
        final long oldSize,
        final long newPrice,
        final long newSize)
    {
        MarketDataIncrementalRefreshEncoder.MDEntriesGroupEncoder entry = first;
        if (0 == newPrice)
        {
            entry = entry(entry, index, '2', type, oldPrice, oldSize);
        }
        else if (0 == oldPrice)
        {
            entry = entry(entry, index, '0', type, newPrice, newSize);
        }
        else if (oldPrice == newPrice)
        {
            entry = entry(entry, index, '1', type, newPrice, newSize);
        }
        else
        {
            entry = entry(entry, index, '2', type, oldPrice, oldSize);
            entry = entry(entry, index, '0', type, newPrice, newSize);
        }
        return entry;
    }

    private MarketDataIncrementalRefreshEncoder.MDEntriesGroupEncoder entry(
        final MarketDataIncrementalRefreshEncoder.MDEntriesGroupEncoder entry,
        final int index,
        final char action,
        final char type,
        final long price,
        final long size)
    {
        entry.mDUpdateAction(action).mDEntryType(type);
        entry.instrument().symbol(instruments.symbol(index));
        price(entry, index, price);
        entry.mDEntrySize(size, 0);
        return entry.next();
    }

    private boolean sendSnapshot(final Subscription subscription)
    {
        final int index = subscription.symbolIndex;
        final boolean hasBid = subscription.bids && 0 != bidPrice[index];
        final boolean hasAsk = subscription.offers && 0 != askPrice[index];
        snapshot.reset();
        snapshot.mDReqID(subscription.mdReqId);
        snapshot.instrument().symbol(instruments.symbol(index));
        MarketDataSnapshotFullRefreshEncoder.MDEntriesGroupEncoder entry =
            snapshot.mDEntriesGroup((hasBid ? 1 : 0) + (hasAsk ? 1 : 0));
        if (hasBid)
        {
            entry.mDEntryType(BID).mDEntryPx(bidPrice[index] * instruments.unitValue(index),
                instruments.unitScale(index)).mDEntrySize(bidQuantity[index], 0);
            entry = entry.next();
        }
        if (hasAsk)
        {
            entry.mDEntryType(OFFER).mDEntryPx(askPrice[index] * instruments.unitValue(index),
                instruments.unitScale(index)).mDEntrySize(askQuantity[index], 0);
        }
        if (Pressure.isBackPressured(subscription.session.trySend(snapshot)))
        {
            return false;
        }
        counters.marketDataMessages.increment();
        subscription.snapshotDue = false;
        return true;
    }

    private void price(
        final MarketDataIncrementalRefreshEncoder.MDEntriesGroupEncoder entry, final int index, final long price)
    {
        entry.mDEntryPx(price * instruments.unitValue(index), instruments.unitScale(index));
    }
}
