package io.streamflow.perf;

import io.streamflow.matcher.ExecutionEvent;
import io.streamflow.matcher.InstrumentSpec;
import io.streamflow.matcher.MarketDataEvent;
import io.streamflow.matcher.MatchingEngine;
import io.streamflow.matcher.MatchingListener;
import io.streamflow.matcher.TradeEvent;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Cost per command of the matching engine on one thread, in the spirit of exchange-core's performance tests.
 * <p>
 * {@code mix}: a stationary stream: 50 % GTC limits near the touch, 15 % IOC limits that cross, 20 % cancels of the
 * oldest order placed, 13 % moves (replace to a nearby price), 2 % market orders sweeping several levels. The
 * generator keeps at most 16,384 of its own orders open (beyond that a placement becomes a cancel of its oldest),
 * on one instrument, or on 1,000 instruments preloaded with 1,000 resting orders each (1 M in all). The command
 * generator runs inside the measurement: {@code generatorOnly} measures it alone, to subtract.
 * <p>
 * {@code sweepFiveLevels}: a market order that takes five price levels (five trades); divided by five, the cost of
 * one match in a sweep.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatcherBenchmark
{
    private static final int BATCH = 1024;
    private static final int LIVE = 1 << 14;
    private static final long TICK = 1;
    private static final long MID = 10_000;

    @Param({ "1", "1000" })
    int instruments;

    private MatchingEngine engine;
    private long sequence;
    private long random = 0x9E3779B97F4A7C15L;
    private final long[] liveAccounts = new long[LIVE];
    private final long[] liveClientOrderIds = new long[LIVE];
    private final int[] liveInstruments = new int[LIVE];
    private int liveHead;
    private int liveCount;
    private boolean tracking;
    private long nextClientOrderId = 1;
    private final EventCounter counter = new EventCounter();

    /**
     * Build the engine and preload it: 1,000 resting orders per instrument around the mid.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final MatchingEngine.Context ctx = new MatchingEngine.Context()
            .maxOrders(instruments * 1_000 + 1_000_000)
            .maxPriceLevels(instruments * 400 + 100_000)
            .maxAccounts(64)
            .maxOrdersPerAccount(4_000_000)
            .initialLevelsPerSide(256)
            .selfTradePrevention(true);
        for (int i = 1; i <= instruments; i++)
        {
            ctx.instrument(new InstrumentSpec(i, TICK, 1, 1, 1_000_000));
        }
        engine = new MatchingEngine(ctx, counter);

        for (int i = 1; i <= instruments; i++)
        {
            for (int n = 0; n < 1_000; n++)
            {
                final boolean buy = (n & 1) == 0;
                final long price = buy ? MID - 1 - (n % 200) : MID + 1 + (n % 200);
                placeResting(i, buy, price, 1 + (n % 10));
            }
        }
        tracking = true;
    }

    /**
     * @return events seen, so nothing is dead code.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long mix()
    {
        for (int i = 0; i < BATCH; i++)
        {
            nextCommand();
        }
        return counter.events;
    }

    /**
     * @return the random state, so the generator is not dead code.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long generatorOnly()
    {
        long sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            sum += next(100) + next(instruments) + next(9) + next(10);
        }
        return sum;
    }

    /**
     * A market order sweeping five price levels, one resting order each, put back before every call (outside the
     * measurement, at JMH's per-invocation cost of a few tens of nanoseconds, which this result includes).
     *
     * @param book refilled before each call.
     * @return events seen.
     */
    @Benchmark
    public long sweepFiveLevels(final SweepBook book)
    {
        book.engine.newOrder(++book.sequence, book.sequence, 2, book.sequence, 62, book.sequence, 1, Side.BUY,
            OrderType.MARKET, TimeInForce.IOC, false, 0, SweepBook.LEVELS);
        return book.counter.events;
    }

    /**
     * One instrument whose ask side holds five one-lot orders at five prices before each call.
     */
    @State(Scope.Thread)
    public static class SweepBook
    {
        static final int LEVELS = 5;

        MatchingEngine engine;
        long sequence;
        final EventCounter counter = new EventCounter();

        /**
         * Build the engine.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            engine = new MatchingEngine(new MatchingEngine.Context()
                .instrument(new InstrumentSpec(1, TICK, 1, 1, 1_000_000))
                .maxOrders(1024)
                .maxPriceLevels(1024), counter);
        }

        /**
         * Put the five levels back.
         */
        @Setup(Level.Invocation)
        public void refill()
        {
            for (int level = 0; level < LEVELS; level++)
            {
                engine.newOrder(++sequence, sequence, 1, sequence, 63, sequence, 1, Side.SELL, OrderType.LIMIT,
                    TimeInForce.GTC, false, MID + level, 1);
            }
        }
    }

    private void nextCommand()
    {
        final int kind = next(100);
        final int instrument = 1 + next(instruments);
        final long account = 1 + next(32);
        final boolean buy = next(2) == 0;
        if (kind < 50)
        {
            if (liveCount == LIVE)
            {
                cancelOldest();
            }
            else
            {
                final long price = buy ? MID - 1 - next(8) : MID + 1 + next(8);
                placeResting(instrument, buy, price, 1 + next(10));
            }
        }
        else if (kind < 65)
        {
            final long price = buy ? MID + 1 + next(3) : MID - 1 - next(3);
            engine.newOrder(++sequence, sequence, account, sequence, account, nextClientOrderId++, instrument,
                buy ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.IOC, false, price, 1 + next(10));
        }
        else if (kind < 85)
        {
            cancelOldest();
        }
        else if (kind < 98 && liveCount > 0)
        {
            final int slot = (liveHead + next(liveCount)) & (LIVE - 1);
            final long newId = nextClientOrderId++;
            final long price = MID + (next(2) == 0 ? -1 - next(8) : 1 + next(8));
            engine.replace(++sequence, sequence, liveAccounts[slot], sequence, liveAccounts[slot], newId,
                liveClientOrderIds[slot], liveInstruments[slot], price, 1 + next(10));
            liveClientOrderIds[slot] = newId;
        }
        else
        {
            engine.newOrder(++sequence, sequence, account, sequence, account, nextClientOrderId++, instrument,
                buy ? Side.BUY : Side.SELL, OrderType.MARKET, TimeInForce.IOC, false, 0, 20 + next(30));
        }
    }

    /**
     * Cancel the oldest order the generator placed (it may have traded already: then the cancel is rejected, as
     * late cancels are in a real market). Keeps the number of open orders stationary.
     */
    private void cancelOldest()
    {
        if (0 == liveCount)
        {
            return;
        }
        final int slot = liveHead;
        liveHead = (liveHead + 1) & (LIVE - 1);
        liveCount--;
        engine.cancel(++sequence, sequence, liveAccounts[slot], sequence, liveAccounts[slot], nextClientOrderId++,
            liveClientOrderIds[slot], liveInstruments[slot]);
    }

    private void placeResting(final int instrument, final boolean buy, final long price, final long quantity)
    {
        final long account = 1 + next(32);
        final long clientOrderId = nextClientOrderId++;
        engine.newOrder(++sequence, sequence, account, sequence, account, clientOrderId, instrument,
            buy ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false, price, quantity);
        if (tracking)
        {
            track(instrument, account, clientOrderId);
        }
    }

    private void track(final int instrument, final long account, final long clientOrderId)
    {
        final int slot = (liveHead + liveCount) & (LIVE - 1);
        liveAccounts[slot] = account;
        liveClientOrderIds[slot] = clientOrderId;
        liveInstruments[slot] = instrument;
        liveCount++;
    }

    private int next(final int bound)
    {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return (int)((x >>> 33) % bound);
    }

    /**
     * Counts the engine's events, so what the engine does is not dead code.
     */
    static final class EventCounter implements MatchingListener
    {
        long events;

        /**
         * {@inheritDoc}
         */
        public void onExecution(final ExecutionEvent event)
        {
            events++;
        }

        /**
         * {@inheritDoc}
         */
        public void onTrade(final TradeEvent event)
        {
            events++;
        }

        /**
         * {@inheritDoc}
         */
        public void onTopOfBook(final MarketDataEvent event)
        {
            events++;
        }
    }
}
