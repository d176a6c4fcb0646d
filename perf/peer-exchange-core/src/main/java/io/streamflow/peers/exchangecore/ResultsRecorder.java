package io.streamflow.peers.exchangecore;

import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;

/**
 * exchange-core's results consumer: for every order command (place, cancel, move) the latency from the time it
 * carries (its intended send time) to now, into an HdrHistogram recorder, as exchange-core's own latency tests
 * measure it; and counts of commands answered, rejected and trades.
 * <p>
 * Written by exchange-core's results thread only; read by the sending thread through the recorder's interval
 * histograms and the volatile counters.
 */
final class ResultsRecorder implements ObjLongConsumer<OrderCommand>
{
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(HIGHEST_TRACKABLE_NS, 3);
    private final long[] rejectedByCode = new long[CommandResultCode.values().length];
    private volatile long answered;
    private volatile long rejected;
    private volatile long trades;
    private volatile long lastAnswerNs;

    /**
     * {@inheritDoc}
     */
    public void accept(final OrderCommand command, final long sequence)
    {
        final OrderCommandType type = command.command;
        if (OrderCommandType.PLACE_ORDER != type && OrderCommandType.CANCEL_ORDER != type &&
            OrderCommandType.MOVE_ORDER != type)
        {
            return;
        }
        final long nowNs = System.nanoTime();
        recorder.recordValue(Math.min(nowNs - command.timestamp, HIGHEST_TRACKABLE_NS));
        if (CommandResultCode.SUCCESS != command.resultCode)
        {
            rejectedByCode[command.resultCode.ordinal()]++;
            rejected++;
        }
        long tradeCount = 0;
        for (MatcherTradeEvent event = command.matcherEvent; null != event; event = event.nextEvent)
        {
            if (MatcherEventType.TRADE == event.eventType)
            {
                tradeCount++;
            }
        }
        trades += tradeCount;
        lastAnswerNs = nowNs;
        answered++; // last: a reader that sees it sees the writes above

    }

    /**
     * @return latencies recorded since the last call (the first call: since start).
     */
    Histogram takeLatencies()
    {
        return recorder.getIntervalHistogram();
    }

    long answered()
    {
        return answered;
    }

    long rejected()
    {
        return rejected;
    }

    /**
     * @return commands refused, by exchange-core's result code, since start; read after {@link #answered()} reached
     * the count sent, which orders it after the results thread's writes.
     */
    Map<CommandResultCode, Long> rejectedByCode()
    {
        final Map<CommandResultCode, Long> byCode = new EnumMap<>(CommandResultCode.class);
        for (final CommandResultCode code : CommandResultCode.values())
        {
            if (rejectedByCode[code.ordinal()] > 0)
            {
                byCode.put(code, rejectedByCode[code.ordinal()]);
            }
        }
        return byCode;
    }

    long trades()
    {
        return trades;
    }

    long lastAnswerNs()
    {
        return lastAnswerNs;
    }
}
