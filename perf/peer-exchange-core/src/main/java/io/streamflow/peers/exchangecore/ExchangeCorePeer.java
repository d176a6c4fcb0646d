package io.streamflow.peers.exchangecore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import exchange.core2.core.ExchangeApi;
import exchange.core2.core.ExchangeCore;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.CoreWaitStrategy;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.api.ApiAddUser;
import exchange.core2.core.common.api.binary.BatchAddSymbolsCommand;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.config.ExchangeConfiguration;
import exchange.core2.core.common.config.OrdersProcessingConfiguration;
import exchange.core2.core.common.config.PerformanceConfiguration;
import io.streamflow.client.load.OrderMix;
import io.streamflow.client.load.PeerLoad;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The exchange-core peer's main, started by the bench in a JVM of its own: exchange-core 0.5.3 (one risk engine, one
 * matching engine, one symbol, no risk processing, no journaling) given the bench's {@link OrderMix}, twice:
 * <ol>
 *     <li>at the bench's fixed rate for its duration after a warm-up at that rate, each command carrying its
 *     intended send time and its latency taken by the results consumer (exchange-core's own open-loop latency
 *     method; coordinated omission corrected);</li>
 *     <li>as fast as it goes: commands per second from the first send to the last result.</li>
 * </ol>
 * Its configuration is the best found for it on a 2-core machine: its throughput profile (65,536-slot ring, groups
 * of up to 2,048 commands) with one risk and one matching engine, plain threads (no core per stage to pin to),
 * yielding waits, and a sender that yields while waiting for the next send time. Its latency profile (2,048-slot
 * ring, groups of 256) falls behind at 100,000 commands/s there (p50 tens of ms), busy-spinning or blocking waits
 * and a spinning sender are slower still: its five stage threads and the sender outnumber the cores. Writes the
 * result as JSON, as the other peers do.
 * <pre>
 *   ExchangeCorePeer --rate R --duration S --warmup S --max-messages N --out FILE [--wait-strategy W]   (PeerLoad)
 * </pre>
 */
public final class ExchangeCorePeer
{
    private static final int SYMBOL_ID = 1;
    private static final long SEED = 42;
    private static final String WAIT_STRATEGY_OPTION = "--wait-strategy";
    private static final long ANSWER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private ExchangeCorePeer()
    {
    }

    /**
     * @param args as above.
     */
    public static void main(final String[] args)
    {
        try
        {
            run(args);
        }
        catch (final Exception ex)
        {
            // exchange-core's threads are not daemons: without an exit, a failure would leave the JVM running.
            ex.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    static void run(final String[] args) throws Exception
    {
        final PeerLoad load = PeerLoad.parse(args, WAIT_STRATEGY_OPTION);
        final long rate = load.ratePerSecond();
        final long maxCommands = load.maxMessages();
        final CoreWaitStrategy waitStrategy = CoreWaitStrategy.valueOf(
            load.option(WAIT_STRATEGY_OPTION, CoreWaitStrategy.YIELDING.name()));

        final long startNs = System.nanoTime();
        final ResultsRecorder results = new ResultsRecorder();
        final ExchangeCore core = start(results, waitStrategy);
        final long readyNs = System.nanoTime();
        final long sent = rate * load.durationS();
        final Histogram latency;
        final long measuredStartNs;
        final long elapsedNs;
        final long trades;
        final long rejected;
        final Map<CommandResultCode, Long> rejectedByCode;
        final double maxThroughput;
        try
        {
            final OrderMixPublisher publisher = new OrderMixPublisher(core.getApi(), SYMBOL_ID, SEED);
            openLoop(publisher, results, rate, rate * load.warmupS());
            results.takeLatencies();
            final long tradesBefore = results.trades();
            final long rejectedBefore = results.rejected();
            measuredStartNs = System.nanoTime();
            openLoop(publisher, results, rate, sent);
            elapsedNs = Math.max(1, results.lastAnswerNs() - measuredStartNs);
            latency = results.takeLatencies();
            trades = results.trades() - tradesBefore;
            rejected = results.rejected() - rejectedBefore;
            rejectedByCode = results.rejectedByCode();

            // As fast as it goes twice, the first to warm up on this very load, as StreamFlow's side does too.
            openLoop(publisher, results, 0, maxCommands);
            final long answeredBefore = results.answered();
            final long firstSendNs = System.nanoTime();
            openLoop(publisher, results, 0, maxCommands);
            maxThroughput = (results.answered() - answeredBefore) * 1e9 / Math.max(1, results.lastAnswerNs() -
                firstSendNs);
        }
        finally
        {
            core.shutdown(10, TimeUnit.SECONDS);
        }

        final ObjectNode result = new ObjectMapper().createObjectNode()
            .put("peer", "exchange-core 0.5.3")
            .put("setup", "in the peer's JVM, no transport and no journal; throughput profile with 1 risk engine (no " +
                "risk processing), 1 matching engine, 1 symbol; " + waitStrategy.name().toLowerCase(Locale.ROOT) +
                " waits, plain threads, a yielding sender; the bench's order mix (market orders " +
                "as IOC " + OrderMixPublisher.MARKET_REACH_TICKS + " ticks through the mid, replaces as price " +
                "moves); latency from intended send time to the results consumer")
            .put("startup_s", (readyNs - startNs) / 1e9)
            .put("sent", sent)
            .put("unanswered", 0)
            .put("throughput_per_s", sent * 1e9 / elapsedNs)
            .put("start_ns", measuredStartNs)
            .put("elapsed_ns", elapsedNs)
            .put("max_throughput_per_s", maxThroughput)
            .put("max_throughput_answered", maxCommands)
            .put("max_throughput_unanswered", 0)
            .put("histogram", PeerLoad.encodeLatencies(latency));
        final ObjectNode counts = result.putObject("counts")
            .put("trades", trades)
            .put("rejected", rejected);
        final ObjectNode byCode = counts.putObject("rejected_by_code_incl_warmup");
        rejectedByCode.forEach((code, count) -> byCode.put(code.name(), count));
        new ObjectMapper().writeValue(load.out(), result);
        System.out.printf(Locale.ROOT, "exchange-core (%s waits): %,d/s offered: p50 %.1f us, p99 %.1f us, " +
            "max %.1f us; as fast as it goes: %,.0f commands/s%n", waitStrategy, rate,
            latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3, latency.getMaxValue() / 1e3,
            maxThroughput);
    }

    /**
     * Start exchange-core on a profile, with the mix's symbol and accounts.
     */
    private static ExchangeCore start(final ResultsRecorder results, final CoreWaitStrategy waitStrategy)
        throws Exception
    {
        final ExchangeCore core = ExchangeCore.builder()
            .resultsConsumer(results)
            .exchangeConfiguration(ExchangeConfiguration.defaultBuilder()
                .ordersProcessingCfg(OrdersProcessingConfiguration.builder()
                    .riskProcessingMode(OrdersProcessingConfiguration.RiskProcessingMode.NO_RISK_PROCESSING)
                    .marginTradingMode(OrdersProcessingConfiguration.MarginTradingMode.MARGIN_TRADING_DISABLED)
                    .build())
                .performanceCfg(PerformanceConfiguration.throughputPerformanceBuilder()
                    .matchingEnginesNum(1)
                    .riskEnginesNum(1)
                    .threadFactory(Thread::new)
                    .waitStrategy(waitStrategy)
                    .build())
                .build())
            .build();
        core.startup();
        final ExchangeApi api = core.getApi();
        expectSuccess("add symbol", api.submitBinaryDataAsync(new BatchAddSymbolsCommand(
            CoreSymbolSpecification.builder()
                .symbolId(SYMBOL_ID)
                .type(SymbolType.CURRENCY_EXCHANGE_PAIR)
                .baseCurrency(1)
                .quoteCurrency(2)
                .baseScaleK(1)
                .quoteScaleK(1)
                .build())).get(10, TimeUnit.SECONDS));
        for (long account = 1; account <= OrderMix.ACCOUNTS; account++)
        {
            expectSuccess("add user " + account,
                api.submitCommandAsync(ApiAddUser.builder().uid(account).build()).get(10, TimeUnit.SECONDS));
        }
        return core;
    }

    private static void expectSuccess(final String what, final CommandResultCode code)
    {
        if (CommandResultCode.SUCCESS != code)
        {
            throw new IllegalStateException(what + ": " + code);
        }
    }

    /**
     * Send {@code count} commands of the mix at a fixed rate (0: as fast as exchange-core takes them), each carrying
     * its intended send time, and wait for all their results.
     */
    private static void openLoop(
        final OrderMixPublisher publisher, final ResultsRecorder results, final long rate, final long count)
    {
        final long answeredBefore = results.answered();
        final long intervalNs = rate > 0 ? TimeUnit.SECONDS.toNanos(1) / rate : 0;
        final long startNs = System.nanoTime();
        for (long i = 0; i < count; i++)
        {
            final long intendedNs = startNs + i * intervalNs;
            long nowNs = System.nanoTime();
            while (nowNs - intendedNs < 0)
            {
                Thread.yield(); // the stages outnumber the cores: let them run while the next send is not due
                nowNs = System.nanoTime();
            }
            publisher.publishNext(intervalNs > 0 ? intendedNs : nowNs);
        }

        final long deadlineNs = System.nanoTime() + ANSWER_TIMEOUT_NS;
        while (results.answered() - answeredBefore < count)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("exchange-core answered " + (results.answered() - answeredBefore) +
                    " of " + count + " commands within " + TimeUnit.NANOSECONDS.toSeconds(ANSWER_TIMEOUT_NS) + " s");
            }
            Thread.yield();
        }
    }
}
