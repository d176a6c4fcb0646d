package io.streamflow.matcher;

/**
 * The book of one instrument: its rules, its two sides, and the top of book last published.
 */
final class OrderBook
{
    final InstrumentSpec spec;
    final BookSide bids;
    final BookSide asks;
    long publishedBidPrice;
    long publishedBidQuantity;
    long publishedAskPrice;
    long publishedAskQuantity;
    /** Engine sequence of the last command that touched the book: what a conflated top of book is tagged with. */
    long lastTouchSequence;

    OrderBook(final InstrumentSpec spec, final int initialLevels)
    {
        this.spec = spec;
        this.bids = new BookSide(true, initialLevels);
        this.asks = new BookSide(false, initialLevels);
    }

    BookSide side(final boolean isBuy)
    {
        return isBuy ? bids : asks;
    }

    BookSide oppositeOf(final boolean isBuy)
    {
        return isBuy ? asks : bids;
    }
}
