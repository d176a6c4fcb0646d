package io.streamflow.matcher;

import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;

/**
 * The engine behind the generator's command interface (the reference book implements it itself).
 */
final class Targets
{
    private Targets()
    {
    }

    static CommandGenerator.Target of(final MatchingEngine engine)
    {
        return new CommandGenerator.Target()
        {
            public void newOrder(final long cmd, final long ts, final long clientId, final long clientSeq,
                final long account, final long clOrdId, final int instrumentId, final Side side, final OrderType type,
                final TimeInForce tif, final boolean postOnly, final long price, final long quantity)
            {
                engine.newOrder(cmd, ts, clientId, clientSeq, account, clOrdId, instrumentId, side, type, tif,
                    postOnly, price, quantity);
            }

            public void cancel(final long cmd, final long ts, final long clientId, final long clientSeq,
                final long account, final long clOrdId, final long origClOrdId, final int instrumentId)
            {
                engine.cancel(cmd, ts, clientId, clientSeq, account, clOrdId, origClOrdId, instrumentId);
            }

            public void replace(final long cmd, final long ts, final long clientId, final long clientSeq,
                final long account, final long clOrdId, final long origClOrdId, final int instrumentId,
                final long price, final long quantity)
            {
                engine.replace(cmd, ts, clientId, clientSeq, account, clOrdId, origClOrdId, instrumentId, price,
                    quantity);
            }

            public int massCancel(final long cmd, final long ts, final long clientId, final long clientSeq,
                final long account, final int instrumentId)
            {
                return engine.massCancel(cmd, ts, clientId, clientSeq, account, instrumentId);
            }

            public void depth(final long cmd, final int instrumentId, final int levels)
            {
                engine.depth(cmd, instrumentId, levels);
            }
        };
    }
}
