package io.streamflow.matcher;

import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random command streams over a few instruments and accounts, mixing every order type, time in force,
 * cancels, replaces, mass cancels, depth requests and invalid commands, with prices near the touch so that they
 * trade. Applies each command to any number of targets.
 */
public final class CommandGenerator
{
    public interface Target
    {
        void newOrder(long cmd, long ts, long clientId, long clientSeq, long account, long clOrdId, int instrumentId,
            Side side, OrderType type, TimeInForce tif, boolean postOnly, long price, long quantity);

        void cancel(long cmd, long ts, long clientId, long clientSeq, long account, long clOrdId, long origClOrdId,
            int instrumentId);

        void replace(long cmd, long ts, long clientId, long clientSeq, long account, long clOrdId, long origClOrdId,
            int instrumentId, long price, long quantity);

        int massCancel(long cmd, long ts, long clientId, long clientSeq, long account, int instrumentId);

        void depth(long cmd, int instrumentId, int levels);
    }

    public static final InstrumentSpec[] INSTRUMENTS = {
        new InstrumentSpec(1, 1, 1, 80, 120),
        new InstrumentSpec(2, 5, 10, 500, 600),
        new InstrumentSpec(3, 1, 100, 1, 40),
    };

    private final Random random;
    private final List<long[]> issued = new ArrayList<>();
    private long nextClientOrderId = 1;
    private long sequence = 1;

    public CommandGenerator(final long seed)
    {
        this.random = new Random(seed);
    }

    static MatchingEngine.Context context(final long seed)
    {
        final Random random = new Random(seed ^ 0x5DEECE66DL);
        final MatchingEngine.Context ctx = new MatchingEngine.Context()
            .maxOrders(random.nextInt(4) == 0 ? 20 : 2_000)
            .maxPriceLevels(random.nextInt(4) == 0 ? 8 : 2_000)
            .maxAccounts(random.nextInt(5) == 0 ? 2 : 16)
            .maxOrdersPerAccount(random.nextInt(5) == 0 ? 5 : 1_000)
            .initialLevelsPerSide(4)
            .selfTradePrevention(random.nextBoolean());
        for (final InstrumentSpec spec : INSTRUMENTS)
        {
            ctx.instrument(spec);
        }
        return ctx;
    }

    public void next(final Target... targets)
    {
        final long cmd = sequence++;
        // 200 s per command: a new UTC day every 432 commands, when client order ids of ended orders are free again.
        final long ts = cmd * 200_000_000_000L;
        final long account = 1 + random.nextInt(4);
        final long clientId = 100 + account;
        final InstrumentSpec spec = INSTRUMENTS[random.nextInt(INSTRUMENTS.length)];
        final int instrumentId = random.nextInt(50) == 0 ? 9 : spec.instrumentId();
        final int kind = random.nextInt(100);

        if (kind < 62)
        {
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final OrderType type = random.nextInt(12) == 0 ? OrderType.MARKET : OrderType.LIMIT;
            final int tifDraw = random.nextInt(10);
            final TimeInForce tif = tifDraw < 6 ? TimeInForce.GTC : tifDraw < 8 ? TimeInForce.IOC : TimeInForce.FOK;
            final boolean postOnly = random.nextInt(10) == 0;
            final long price = price(spec, side);
            final long quantity = quantity(spec);
            final long clOrdId = random.nextInt(30) == 0 && !issued.isEmpty() ?
                pickIssued(account) : nextClientOrderId++;
            issued.add(new long[]{ account, clOrdId, instrumentId });
            for (final Target t : targets)
            {
                t.newOrder(cmd, ts, clientId, cmd, account, clOrdId, instrumentId, side, type, tif, postOnly, price,
                    quantity);
            }
        }
        else if (kind < 78)
        {
            final long[] target = pickTarget(account);
            final long clOrdId = nextClientOrderId++;
            for (final Target t : targets)
            {
                t.cancel(cmd, ts, clientId, cmd, account, clOrdId, target[1], (int)target[2]);
            }
        }
        else if (kind < 94)
        {
            final long[] target = pickTarget(account);
            final InstrumentSpec targetSpec = specOf((int)target[2]);
            final long clOrdId = random.nextInt(3) == 0 ? target[1] : nextClientOrderId++;
            final long price = price(targetSpec, random.nextBoolean() ? Side.BUY : Side.SELL);
            final long quantity = quantity(targetSpec);
            for (final Target t : targets)
            {
                t.replace(cmd, ts, clientId, cmd, account, clOrdId, target[1], (int)target[2], price, quantity);
            }
            if (clOrdId != target[1])
            {
                issued.add(new long[]{ account, clOrdId, target[2] });
            }
        }
        else if (kind < 97)
        {
            final int which = random.nextInt(3) == 0 ? 0 : spec.instrumentId();
            for (final Target t : targets)
            {
                t.massCancel(cmd, ts, clientId, cmd, account, which);
            }
        }
        else
        {
            final int levels = 1 + random.nextInt(5);
            for (final Target t : targets)
            {
                t.depth(cmd, spec.instrumentId(), levels);
            }
        }
    }

    private long price(final InstrumentSpec spec, final Side side)
    {
        final long mid = (spec.minPrice() + spec.maxPrice()) / 2 / spec.tickSize() * spec.tickSize();
        long price = mid + (random.nextInt(9) - 4 + (Side.BUY == side ? -1 : 1)) * spec.tickSize();
        final int oddity = random.nextInt(40);
        if (oddity == 0)
        {
            price += spec.tickSize() > 1 ? 1 : 0;
        }
        else if (oddity == 1)
        {
            price = spec.maxPrice() + spec.tickSize();
        }
        else if (oddity == 2)
        {
            price = spec.minPrice() - spec.tickSize();
        }
        return price;
    }

    private long quantity(final InstrumentSpec spec)
    {
        final int oddity = random.nextInt(40);
        if (oddity == 0)
        {
            return 0;
        }
        if (oddity == 1)
        {
            return -spec.lotSize();
        }
        if (oddity == 2 && spec.lotSize() > 1)
        {
            return spec.lotSize() + 1;
        }
        return spec.lotSize() * (1 + random.nextInt(10));
    }

    private long pickIssued(final long account)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            final long[] candidate = issued.get(issued.size() - 1 - random.nextInt(Math.min(20, issued.size())));
            if (candidate[0] == account)
            {
                return candidate[1];
            }
        }
        return nextClientOrderId++;
    }

    private long[] pickTarget(final long account)
    {
        if (issued.isEmpty() || random.nextInt(15) == 0)
        {
            return new long[]{ account, 999_999, INSTRUMENTS[0].instrumentId() };
        }
        for (int attempt = 0; attempt < 8; attempt++)
        {
            final long[] candidate = issued.get(issued.size() - 1 - random.nextInt(Math.min(40, issued.size())));
            if (candidate[0] == account)
            {
                return candidate;
            }
        }
        return issued.get(random.nextInt(issued.size()));
    }

    private static InstrumentSpec specOf(final int instrumentId)
    {
        for (final InstrumentSpec spec : INSTRUMENTS)
        {
            if (spec.instrumentId() == instrumentId)
            {
                return spec;
            }
        }
        return INSTRUMENTS[0];
    }
}
