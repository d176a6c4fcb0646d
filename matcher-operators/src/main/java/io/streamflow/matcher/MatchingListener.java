package io.streamflow.matcher;

/**
 * Receives what a {@link MatchingEngine} does, synchronously, in the order it happens. Events are reused objects:
 * copy what you keep.
 */
public interface MatchingListener
{
    /**
     * An order was accepted, rejected, filled, cancelled or replaced.
     *
     * @param event the execution.
     */
    void onExecution(ExecutionEvent event);

    /**
     * Two orders matched.
     *
     * @param event the trade.
     */
    void onTrade(TradeEvent event);

    /**
     * The best bid or ask of an instrument changed (price or quantity), after a command.
     *
     * @param event the new top of book.
     */
    void onTopOfBook(MarketDataEvent event);

    /**
     * One level of a depth snapshot that was asked for, best first; levels with neither side are not sent.
     *
     * @param event the level.
     */
    default void onDepthLevel(final MarketDataEvent event)
    {
    }
}
