package io.streamflow.matcher;

import io.streamflow.sbe.snapshot.BooleanType;
import io.streamflow.sbe.snapshot.MatcherSnapshotDecoder;
import io.streamflow.sbe.snapshot.MatcherSnapshotEncoder;
import io.streamflow.sbe.snapshot.MessageHeaderDecoder;
import io.streamflow.sbe.snapshot.MessageHeaderEncoder;
import io.streamflow.sbe.snapshot.SnapshotAccountDecoder;
import io.streamflow.sbe.snapshot.SnapshotAccountEncoder;
import io.streamflow.sbe.snapshot.SnapshotBookDecoder;
import io.streamflow.sbe.snapshot.SnapshotBookEncoder;
import io.streamflow.sbe.snapshot.SnapshotOrderDecoder;
import io.streamflow.sbe.snapshot.SnapshotOrderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Writes and reads a {@link MatchingEngine}'s state as a sequence of SBE messages (see streamflow-snapshot.xml).
 * The encoding is canonical: accounts in id order, books in instrument order, orders in priority order; so equal
 * states encode to equal bytes, and the state hash is a hash of the encoding.
 */
final class MatcherSnapshots
{
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MatcherSnapshotEncoder snapshotEncoder = new MatcherSnapshotEncoder();
    private final MatcherSnapshotDecoder snapshotDecoder = new MatcherSnapshotDecoder();
    private final SnapshotAccountEncoder accountEncoder = new SnapshotAccountEncoder();
    private final SnapshotAccountDecoder accountDecoder = new SnapshotAccountDecoder();
    private final SnapshotBookEncoder bookEncoder = new SnapshotBookEncoder();
    private final SnapshotBookDecoder bookDecoder = new SnapshotBookDecoder();
    private final SnapshotOrderEncoder orderEncoder = new SnapshotOrderEncoder();
    private final SnapshotOrderDecoder orderDecoder = new SnapshotOrderDecoder();

    int write(
        final MutableDirectBuffer buffer,
        final int offset,
        final long nextTradeId,
        final boolean selfTradePrevention,
        final long clientOrderIdDay,
        final long[] sortedAccounts,
        final Long2ObjectHashMap<Account> accounts,
        final OrderBook[] booksInOrder)
    {
        int position = offset;
        snapshotEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .nextTradeId(nextTradeId)
            .selfTradePrevention(selfTradePrevention ? BooleanType.TRUE : BooleanType.FALSE)
            .accountCount(sortedAccounts.length)
            .bookCount(booksInOrder.length)
            .clientOrderIdDay(clientOrderIdDay);
        position += HEADER_LENGTH + snapshotEncoder.encodedLength();

        for (final long account : sortedAccounts)
        {
            final UsedClientOrderIds used = accounts.get(account).usedToday;
            accountEncoder.wrapAndApplyHeader(buffer, position, headerEncoder).account(account);
            final SnapshotAccountEncoder.UsedClientOrderIdsEncoder ids =
                accountEncoder.usedClientOrderIdsCount(used.size());
            for (int i = 0; i < used.size(); i++)
            {
                ids.next().clientOrderId(used.oldestFirst(i));
            }
            position += HEADER_LENGTH + accountEncoder.encodedLength();
        }

        for (final OrderBook book : booksInOrder)
        {
            bookEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                .instrumentId(book.spec.instrumentId())
                .orderCount(countOrders(book.bids) + countOrders(book.asks))
                .publishedBidPrice(book.publishedBidPrice)
                .publishedBidQuantity(book.publishedBidQuantity)
                .publishedAskPrice(book.publishedAskPrice)
                .publishedAskQuantity(book.publishedAskQuantity);
            position += HEADER_LENGTH + bookEncoder.encodedLength();
            position = writeOrders(buffer, position, book.bids);
            position = writeOrders(buffer, position, book.asks);
        }

        return position - offset;
    }

    /**
     * Read a snapshot into an empty engine through its restore callbacks.
     */
    void read(final DirectBuffer buffer, final int offset, final int length, final Restorer restorer)
    {
        int position = offset;
        final int end = offset + length;

        position = expect(buffer, position, end, MatcherSnapshotDecoder.TEMPLATE_ID);
        snapshotDecoder.wrap(buffer, position, headerDecoder.blockLength(), headerDecoder.version());
        position += snapshotDecoder.encodedLength();
        // Snapshots of schema version 5 and before have no day (nor remembered ids): the day starts afresh.
        final long day = snapshotDecoder.clientOrderIdDay();
        restorer.onEngine(snapshotDecoder.nextTradeId(), BooleanType.TRUE == snapshotDecoder.selfTradePrevention(),
            MatcherSnapshotDecoder.clientOrderIdDayNullValue() == day ? Long.MIN_VALUE : day);
        final int accountCount = snapshotDecoder.accountCount();
        final int bookCount = snapshotDecoder.bookCount();

        for (int i = 0; i < accountCount; i++)
        {
            position = expect(buffer, position, end, SnapshotAccountDecoder.TEMPLATE_ID);
            accountDecoder.wrap(buffer, position, headerDecoder.blockLength(), headerDecoder.version());
            final long account = accountDecoder.account();
            restorer.onAccount(account);
            for (final SnapshotAccountDecoder.UsedClientOrderIdsDecoder ids : accountDecoder.usedClientOrderIds())
            {
                restorer.onUsedClientOrderId(account, ids.clientOrderId());
            }
            position += accountDecoder.encodedLength();
        }

        for (int b = 0; b < bookCount; b++)
        {
            position = expect(buffer, position, end, SnapshotBookDecoder.TEMPLATE_ID);
            bookDecoder.wrap(buffer, position, headerDecoder.blockLength(), headerDecoder.version());
            position += bookDecoder.encodedLength();
            final int instrumentId = bookDecoder.instrumentId();
            restorer.onBook(instrumentId, bookDecoder.publishedBidPrice(), bookDecoder.publishedBidQuantity(),
                bookDecoder.publishedAskPrice(), bookDecoder.publishedAskQuantity());

            for (int o = 0, count = bookDecoder.orderCount(); o < count; o++)
            {
                position = expect(buffer, position, end, SnapshotOrderDecoder.TEMPLATE_ID);
                orderDecoder.wrap(buffer, position, headerDecoder.blockLength(), headerDecoder.version());
                position += orderDecoder.encodedLength();
                restorer.onOrder(instrumentId, orderDecoder.orderId(), orderDecoder.clientId(),
                    orderDecoder.account(), orderDecoder.clientOrderId(), BooleanType.TRUE == orderDecoder.isBuy(),
                    BooleanType.TRUE == orderDecoder.isPostOnly(), orderDecoder.price(), orderDecoder.quantity(),
                    orderDecoder.leaves(), orderDecoder.cumQuantity());
            }
        }

        if (position != end)
        {
            throw new IllegalArgumentException("snapshot has " + (end - position) + " bytes after its last book");
        }
    }

    private int expect(final DirectBuffer buffer, final int position, final int end, final int templateId)
    {
        if (end - position < HEADER_LENGTH)
        {
            throw new IllegalArgumentException("snapshot truncated at offset " + position);
        }
        headerDecoder.wrap(buffer, position);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID || headerDecoder.templateId() != templateId)
        {
            throw new IllegalArgumentException("snapshot: expected template " + templateId + " at offset " +
                position + ", found schema " + headerDecoder.schemaId() + " template " + headerDecoder.templateId());
        }
        if (end - position - HEADER_LENGTH < headerDecoder.blockLength())
        {
            throw new IllegalArgumentException("snapshot truncated at offset " + position);
        }
        return position + HEADER_LENGTH;
    }

    private int writeOrders(final MutableDirectBuffer buffer, final int start, final BookSide side)
    {
        int position = start;
        for (int depth = 0; depth < side.levelCount(); depth++)
        {
            for (Order order = side.levelAt(depth).head; null != order; order = order.nextInLevel)
            {
                orderEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                    .orderId(order.orderId)
                    .clientId(order.clientId)
                    .account(order.account)
                    .clientOrderId(order.clientOrderId)
                    .isBuy(order.isBuy ? BooleanType.TRUE : BooleanType.FALSE)
                    .isPostOnly(order.isPostOnly ? BooleanType.TRUE : BooleanType.FALSE)
                    .price(order.price)
                    .quantity(order.quantity)
                    .leaves(order.leaves)
                    .cumQuantity(order.cumQuantity);
                position += HEADER_LENGTH + orderEncoder.encodedLength();
            }
        }
        return position;
    }

    private static int countOrders(final BookSide side)
    {
        int count = 0;
        for (int depth = 0; depth < side.levelCount(); depth++)
        {
            count += side.levelAt(depth).orderCount;
        }
        return count;
    }

    /**
     * What a snapshot rebuilds, in the order it is read.
     */
    interface Restorer
    {
        void onEngine(long nextTradeId, boolean selfTradePrevention, long clientOrderIdDay);

        void onAccount(long account);

        void onUsedClientOrderId(long account, long clientOrderId);

        void onBook(int instrumentId, long bidPrice, long bidQuantity, long askPrice, long askQuantity);

        void onOrder(int instrumentId, long orderId, long clientId, long account, long clientOrderId, boolean isBuy,
            boolean isPostOnly, long price, long quantity, long leaves, long cumQuantity);
    }
}
