package io.streamflow.sequencer;

import io.streamflow.pipelines.StandardOperator;
import io.aeron.FragmentAssembler;
import io.streamflow.client.OutputSubscription;
import io.streamflow.client.EgressListener;
import io.streamflow.client.OrderCommand;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.journal.Journal;
import io.streamflow.journal.JournalEntryView;
import io.streamflow.journal.JournalReader;
import io.streamflow.matcher.CommandGenerator;
import io.streamflow.matcher.ExecutionEvent;
import io.streamflow.matcher.MarketDataEvent;
import io.streamflow.matcher.MatchingListener;
import io.streamflow.matcher.ReferenceBook;
import io.streamflow.matcher.TradeEvent;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sbe.BooleanType;
import io.streamflow.sbe.CancelOrderDecoder;
import io.streamflow.sbe.ExecutionReportDecoder;
import io.streamflow.sbe.MassCancelDecoder;
import io.streamflow.sbe.MessageHeaderDecoder;
import io.streamflow.sbe.NewOrderDecoder;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sbe.RecordDecoder;
import io.streamflow.sbe.ReplaceOrderDecoder;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import io.streamflow.sbe.TopOfBookDecoder;
import io.streamflow.sbe.TradeDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matcher's differential check through any node: orders from several clients (one per account, the commands of
 * {@link CommandGenerator}); what each client is told, and what the market-data stream shows, must equal what the
 * {@link ReferenceBook} emits when the node's journal is replayed through it in its order. Used on a standalone node
 * and on a cluster.
 */
public final class MatcherDifferential
{
    /** Accounts, each with a client of its own. */
    public static final int ACCOUNTS = 4;

    /** Open orders the matcher and the reference hold at most. */
    public static final int MAX_ORDERS = 2_000;

    /**
     * The node the commands go through, as the differential needs it.
     */
    public interface Node
    {
        /**
         * @param clientId of the client.
         * @return a client connected to the node.
         */
        StreamFlowClient client(long clientId);

        /**
         * @return output messages the node (its leader) has published.
         */
        long outputMessages();

        /**
         * @return egress messages the node (its leader) has sent to clients.
         */
        long egressMessages();

        /**
         * @return true when every command admitted has been answered and its output published.
         */
        boolean isDrained();
    }

    /** How long nothing may arrive before a run across a failover counts as delivered. */
    public static final long QUIET_MS = 1_000;

    private final Map<Long, List<String>> reportsByClient = new HashMap<>();
    private final List<String> marketData = new ArrayList<>();
    private int commandsSent;

    /**
     * @return the operator settings the reference is built with: the generator's instruments, {@link #MAX_ORDERS}.
     */
    public static StandardOperator.Context operatorContext()
    {
        // Top of book conflated per batch: the checks below hold for it, and so for the per-command default too.
        return new StandardOperator.Context().instruments(List.of(CommandGenerator.INSTRUMENTS)).maxOrders(MAX_ORDERS)
            .conflateTopOfBook(true);
    }

    /**
     * Send the generator's next commands (but depth requests, which have no wire form), each from the client of its
     * account, and wait until every one is answered and the market data has gone quiet.
     */
    public void run(final Node node, final CommandGenerator generator, final int commands)
    {
        run(node, generator, commands, () -> { });
    }

    /**
     * As {@link #run(Node, CommandGenerator, int)}, doing something (stopping the leader, say) once half the
     * commands are sent. A node whose counts do not span the run (a new leader counts from its election) answers -1
     * for them: the run then waits until nothing more arrives for {@value #QUIET_MS} ms.
     */
    public void run(final Node node, final CommandGenerator generator, final int commands, final Runnable midway)
    {
        final StreamFlowClient[] clients = new StreamFlowClient[ACCOUNTS + 1];
        final Collector[] collectors = new Collector[ACCOUNTS + 1];
        OutputSubscription marketDataSubscription = null;
        try
        {
            for (int account = 1; account <= ACCOUNTS; account++)
            {
                clients[account] = node.client(clientIdOf(account));
                collectors[account] = new Collector(reportsByClient.computeIfAbsent(
                    clientIdOf(account), (k) -> new ArrayList<>()));
            }
            final StreamFlowClient observer = clients[1];
            final OutputSubscription subscription = observer.subscribeOutput(ProtocolDefaults.MARKET_DATA_STREAM_ID);
            marketDataSubscription = subscription;
            final FragmentAssembler marketDataAssembler = new FragmentAssembler(
                (buffer, offset, length, header) -> marketData.add(formatMarketData(buffer, offset)));
            final Runnable pollAll = () ->
            {
                for (int account = 1; account <= ACCOUNTS; account++)
                {
                    clients[account].poll(collectors[account], 256);
                }
                subscription.poll(marketDataAssembler, 256);
            };
            TestNodes.await(subscription::isConnected, 5_000, pollAll, "market-data subscription");
            final long receivedBefore = marketData.size();
            final long publishedBefore = node.outputMessages();
            final long reportsBefore = reportCount();
            final long sentBefore = node.egressMessages();

            final SendingTarget sender = new SendingTarget(clients, collectors);
            for (int i = 0; i < commands; i++)
            {
                if (commands / 2 == i)
                {
                    midway.run();
                }
                generator.next(sender);
                // Sent in bursts, so that the node applies several commands (of several instruments) in one batch.
                if (0 == (i & 7))
                {
                    pollAll.run();
                }
            }
            commandsSent += sender.sent;
            TestNodes.await(() -> allAnswered(collectors), 60_000, pollAll, "every command answered");
            if (publishedBefore < 0)
            {
                awaitQuiet(pollAll);
                return;
            }
            // Every command is answered; once egress has drained the ring it has sent every report and published all
            // market data of them: wait until all of it has arrived.
            TestNodes.await(() -> node.isDrained() &&
                marketData.size() - receivedBefore == node.outputMessages() - publishedBefore &&
                reportCount() - reportsBefore == node.egressMessages() - sentBefore,
                10_000, pollAll, "every report and market data message sent received");
        }
        finally
        {
            CloseHelper.close(marketDataSubscription);
            CloseHelper.closeAll(clients);
        }
    }

    private void awaitQuiet(final Runnable pollAll)
    {
        final long[] last = { -1, System.nanoTime() };
        TestNodes.await(() ->
        {
            final long received = reportCount() + marketData.size();
            final long nowNs = System.nanoTime();
            if (received != last[0])
            {
                last[0] = received;
                last[1] = nowNs;
            }
            return nowNs - last[1] > TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
        }, 30_000, pollAll, "reports and market data to stop arriving");
    }

    private long reportCount()
    {
        return reportsByClient.values().stream().mapToLong(List::size).sum();
    }

    private static boolean allAnswered(final Collector[] collectors)
    {
        for (int account = 1; account <= ACCOUNTS; account++)
        {
            if (collectors[account].answeredUpTo < collectors[account].lastSent)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Replay the journal, in its order, through the reference book and compare with what was received.
     */
    public void assertExpected(final File journalDir)
    {
        final Expected expected = expected(journalDir);
        for (int account = 1; account <= ACCOUNTS; account++)
        {
            final long clientId = clientIdOf(account);
            assertSameEvents(expected.reports().get(clientId), reportsByClient.get(clientId), "client " + clientId);
        }
        assertSameEvents(trades(expected.marketData()), trades(marketData), "trades");
        final Map<Integer, java.util.TreeMap<Long, String>> reference = topsByInstrument(expected.marketData());
        assertConflatedTops(reference, marketData);
        final Map<Integer, java.util.TreeMap<Long, String>> received = topsByInstrument(marketData);
        reference.forEach((instrumentId, tops) -> assertEquals(tops.lastEntry().getValue(),
            null == received.get(instrumentId) ? null : received.get(instrumentId).lastEntry().getValue(),
            "the last top of book published for instrument " + instrumentId + " is the reference's last"));
    }

    private static List<String> trades(final List<String> marketData)
    {
        return marketData.stream().filter((m) -> m.startsWith("TRADE ")).toList();
    }

    /**
     * Top of book by instrument, by the engine sequence of the command after which it was the top.
     */
    private static Map<Integer, java.util.TreeMap<Long, String>> topsByInstrument(final List<String> marketData)
    {
        final Map<Integer, java.util.TreeMap<Long, String>> tops = new HashMap<>();
        for (final String message : marketData)
        {
            if (message.startsWith("TOB "))
            {
                final String[] tokens = message.split(" ", 4);
                tops.computeIfAbsent(Integer.parseInt(tokens[2]), (k) -> new java.util.TreeMap<>())
                    .put(Long.parseLong(tokens[1]), tokens[3]);
            }
        }
        return tops;
    }

    /**
     * The node publishes top of book once per batch of commands (conflated), the reference after every command that
     * moved it. Each top the node published, tagged with the last command that touched the book, must be the
     * reference's top after that command; per instrument, in command order, and never the same top twice running.
     */
    private static void assertConflatedTops(
        final Map<Integer, java.util.TreeMap<Long, String>> reference, final List<String> received)
    {
        final Map<Integer, String> lastTop = new HashMap<>();
        final Map<Integer, Long> lastSequence = new HashMap<>();
        for (final String message : received)
        {
            if (!message.startsWith("TOB "))
            {
                continue;
            }
            final String[] tokens = message.split(" ", 4);
            final long sequence = Long.parseLong(tokens[1]);
            final int instrumentId = Integer.parseInt(tokens[2]);
            final java.util.TreeMap<Long, String> tops = reference.get(instrumentId);
            final Map.Entry<Long, String> atOrBefore = null == tops ? null : tops.floorEntry(sequence);
            assertEquals(null == atOrBefore ? "0@0 / 0@0" : atOrBefore.getValue(), tokens[3],
                "top of book of instrument " + instrumentId + " after command " + sequence);
            assertTrue(!lastSequence.containsKey(instrumentId) || lastSequence.get(instrumentId) < sequence,
                "tops of instrument " + instrumentId + " out of order at " + message);
            assertTrue(!tokens[3].equals(lastTop.get(instrumentId)), "the same top published twice: " + message);
            lastSequence.put(instrumentId, sequence);
            lastTop.put(instrumentId, tokens[3]);
        }
    }

    /**
     * Across a failover: what each client was told, and the market data, is the reference's in its order, but for
     * the commands of one window around the failover: the reports the old leader had not yet delivered when it
     * stopped, and the market data the new leader published before the subscriber had joined it. The window lies in
     * the run during which the leader stopped: everything of the runs before and after it arrived. Never a
     * difference, a reordering or an extra message.
     *
     * @param journalDir        of a member.
     * @param failoverRunFirst  engine sequence of the first command of the run during which the leader stopped.
     * @param failoverRunLast   engine sequence of its last command.
     */
    public void assertExpectedAcrossFailover(
        final File journalDir, final long failoverRunFirst, final long failoverRunLast)
    {
        final Expected expected = expected(journalDir);
        final long[] gap = { Long.MAX_VALUE, Long.MIN_VALUE };
        for (int account = 1; account <= ACCOUNTS; account++)
        {
            final long clientId = clientIdOf(account);
            assertSubsequence(expected.reports().get(clientId), reportsByClient.get(clientId), 2, gap,
                "client " + clientId);
        }
        assertSubsequence(trades(expected.marketData()), trades(marketData), 1, gap, "trades");
        assertConflatedTops(topsByInstrument(expected.marketData()), marketData);
        assertTrue(gap[0] == Long.MAX_VALUE || (gap[0] >= failoverRunFirst && gap[1] <= failoverRunLast),
            "messages missing for commands " + gap[0] + " to " + gap[1] + ", outside the failover's run " +
            failoverRunFirst + " to " + failoverRunLast);
    }

    private static void assertSubsequence(
        final List<String> expected, final List<String> received, final int sequenceToken, final long[] gap,
        final String what)
    {
        int next = 0;
        for (final String message : received)
        {
            while (next < expected.size() && !expected.get(next).equals(message))
            {
                final long sequence = Long.parseLong(expected.get(next).split(" ")[sequenceToken]);
                gap[0] = Math.min(gap[0], sequence);
                gap[1] = Math.max(gap[1], sequence);
                next++;
            }
            assertTrue(next < expected.size(), what + ": received what the reference never emitted, or out of " +
                "order: " + message);
            next++;
        }
        for (; next < expected.size(); next++)
        {
            final long sequence = Long.parseLong(expected.get(next).split(" ")[sequenceToken]);
            gap[0] = Math.min(gap[0], sequence);
            gap[1] = Math.max(gap[1], sequence);
        }
    }

    private record Expected(Map<Long, List<String>> reports, List<String> marketData)
    {
    }

    private Expected expected(final File journalDir)
    {
        final Map<Long, List<String>> expectedReports = new HashMap<>();
        final List<String> expectedMarketData = new ArrayList<>();
        final ReferenceBook reference = new ReferenceBook(
            operatorContext().matcherContext(),
            new MatchingListener()
            {
                public void onExecution(final ExecutionEvent event)
                {
                    expectedReports.computeIfAbsent(event.clientId(), (k) -> new ArrayList<>())
                        .add(formatReport(event));
                }

                public void onTrade(final TradeEvent event)
                {
                    expectedMarketData.add("TRADE " + event.commandSequence() + " " + event.tradeId() + " " +
                        event.instrumentId() + " " + event.makerOrderId() + "/" + event.takerOrderId() + " " +
                        event.quantity() + "@" + event.price() + " " + event.aggressorSide());
                }

                public void onTopOfBook(final MarketDataEvent event)
                {
                    expectedMarketData.add("TOB " + event.commandSequence() + " " + event.instrumentId() + " " +
                        event.bidQuantity() + "@" + event.bidPrice() + " / " + event.askQuantity() + "@" +
                        event.askPrice());
                }
            });

        final int replayed = replayJournal(journalDir, reference, expectedReports);
        assertEquals(commandsSent, replayed, "every command journaled once");
        assertTrue(expectedMarketData.stream().anyMatch((s) -> s.startsWith("TRADE")), "the stream traded");
        return new Expected(expectedReports, expectedMarketData);
    }

    private static void assertSameEvents(final List<String> expected, final List<String> actual, final String what)
    {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++)
        {
            assertEquals(expected.get(i), actual.get(i), what + ": event " + i + " differs");
        }
        assertEquals(expected.size(), actual.size(), what + ": event count");
    }

    /**
     * Replay a node's journal, in its order, through a reference book: what the node should have said.
     *
     * @param journalDir      the node's journal.
     * @param reference       the book to apply each order command to.
     * @param expectedReports where the acknowledgement each mass cancel earns is added (by client id), or null.
     * @return order commands replayed.
     */
    public static int replayJournal(
        final File journalDir, final ReferenceBook reference, final Map<Long, List<String>> expectedReports)
    {
        final JournalEntryView entry = new JournalEntryView();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final NewOrderDecoder newOrder = new NewOrderDecoder();
        final CancelOrderDecoder cancel = new CancelOrderDecoder();
        final ReplaceOrderDecoder replace = new ReplaceOrderDecoder();
        final MassCancelDecoder massCancel = new MassCancelDecoder();
        final int[] count = { 0 };
        try (Journal journal = Journal.openReadOnly(journalDir);
            JournalReader reader = journal.newReader())
        {
            while (reader.poll((buffer, offset, length, index) ->
            {
                entry.wrap(buffer, offset, length);
                final long cmd = entry.engineSequence();
                final long ts = entry.timestampNs();
                final int at = entry.messageOffset();
                header.wrap(buffer, at);
                final int body = at + MessageHeaderDecoder.ENCODED_LENGTH;
                if (RecordDecoder.TEMPLATE_ID == header.templateId())
                {
                    return; // records, sent alongside, are no matcher command
                }
                count[0]++;
                switch (header.templateId())
                {
                    case NewOrderDecoder.TEMPLATE_ID ->
                    {
                        newOrder.wrap(buffer, body, header.blockLength(), header.version());
                        reference.newOrder(cmd, ts, newOrder.clientId(), newOrder.clientSequence(),
                            newOrder.account(), newOrder.clientOrderId(), newOrder.instrumentId(), newOrder.side(),
                            newOrder.orderType(), newOrder.timeInForce(), BooleanType.TRUE == newOrder.postOnly(),
                            newOrder.priceTicks(), newOrder.quantity());
                    }
                    case CancelOrderDecoder.TEMPLATE_ID ->
                    {
                        cancel.wrap(buffer, body, header.blockLength(), header.version());
                        reference.cancel(cmd, ts, cancel.clientId(), cancel.clientSequence(), cancel.account(),
                            cancel.clientOrderId(), cancel.origClientOrderId(), cancel.instrumentId());
                    }
                    case ReplaceOrderDecoder.TEMPLATE_ID ->
                    {
                        replace.wrap(buffer, body, header.blockLength(), header.version());
                        reference.replace(cmd, ts, replace.clientId(), replace.clientSequence(), replace.account(),
                            replace.clientOrderId(), replace.origClientOrderId(), replace.instrumentId(),
                            replace.priceTicks(), replace.quantity());
                    }
                    case MassCancelDecoder.TEMPLATE_ID ->
                    {
                        massCancel.wrap(buffer, body, header.blockLength(), header.version());
                        reference.massCancel(cmd, ts, massCancel.clientId(), massCancel.clientSequence(),
                            massCancel.account(), massCancel.instrumentId());
                        if (null != expectedReports)
                        {
                            expectedReports.computeIfAbsent(massCancel.clientId(), (k) -> new ArrayList<>())
                                .add("ACK " + massCancel.clientSequence() + " " + cmd);
                        }
                    }
                    default -> throw new AssertionError("unexpected template " + header.templateId());
                }
            }, 1024) > 0)
            {
                continue;
            }
        }
        return count[0];
    }

    private static String formatReport(final ExecutionEvent e)
    {
        return "ER " + e.clientSequence() + " " + e.commandSequence() + " " + e.orderId() + " " +
            e.clientOrderId() + " " + e.account() + " " + e.instrumentId() + " " + e.side() + " " + e.execType() +
            " " + e.reason() + " " + e.price() + " " + e.quantity() + " " + e.leavesQuantity() + " " +
            e.cumQuantity() + " " + e.lastQuantity() + "@" + e.lastPrice() + " t" + e.timestampNs();
    }

    private static String formatMarketData(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (TradeDecoder.TEMPLATE_ID == header.templateId())
        {
            final TradeDecoder t = new TradeDecoder().wrap(buffer, body, header.blockLength(), header.version());
            return "TRADE " + t.engineSequence() + " " + t.tradeId() + " " + t.instrumentId() + " " +
                t.makerOrderId() + "/" + t.takerOrderId() + " " + t.quantity() + "@" + t.priceTicks() + " " +
                t.aggressorSide();
        }
        final TopOfBookDecoder b = new TopOfBookDecoder().wrap(buffer, body, header.blockLength(), header.version());
        return "TOB " + b.engineSequence() + " " + b.instrumentId() + " " + b.bidQuantity() + "@" +
            b.bidPriceTicks() + " / " + b.askQuantity() + "@" + b.askPriceTicks();
    }

    /**
     * @param account of the generator's commands.
     * @return the client id that sends them.
     */
    public static long clientIdOf(final long account)
    {
        return 100 + account;
    }

    /**
     * What one client is told, as text in arrival order, and how far its commands have been answered.
     */
    private static final class Collector implements EgressListener
    {
        private final List<String> reports;
        private final ExecutionReportDecoder report = new ExecutionReportDecoder();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        long lastSent = -1;
        long answeredUpTo = -1;

        Collector(final List<String> reports)
        {
            this.reports = reports;
        }

        public void onAck(
            final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
        {
            if (!duplicate)
            {
                // A duplicate answers a command sent again after a failover: the reference knows it once.
                reports.add("ACK " + clientSequence + " " + engineSequence);
            }
            answeredUpTo = Math.max(answeredUpTo, clientSequence);
        }

        public void onReject(
            final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
        {
            throw new AssertionError("reject " + reason + " of " + clientSequence + ": " + detail);
        }

        public void onMessage(final int templateId, final DirectBuffer buffer, final int offset, final int length)
        {
            assertEquals(ExecutionReportDecoder.TEMPLATE_ID, templateId);
            header.wrap(buffer, offset);
            report.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            reports.add("ER " + report.clientSequence() + " " + report.engineSequence() + " " + report.orderId() +
                " " + report.clientOrderId() + " " + report.account() + " " + report.instrumentId() + " " +
                report.side() + " " + report.execType() + " " + report.rejectReason() + " " + report.priceTicks() +
                " " + report.quantity() + " " + report.leavesQuantity() + " " + report.cumQuantity() + " " +
                report.lastQuantity() + "@" + report.lastPriceTicks() + " t" + report.timestampNs());
            answeredUpTo = Math.max(answeredUpTo, report.clientSequence());
        }
    }

    /**
     * The generator's commands, sent by the client of each command's account.
     */
    private static final class SendingTarget implements CommandGenerator.Target
    {
        private final StreamFlowClient[] clients;
        private final Collector[] collectors;
        private final OrderCommand command = new OrderCommand();
        int sent;

        SendingTarget(final StreamFlowClient[] clients, final Collector[] collectors)
        {
            this.clients = clients;
            this.collectors = collectors;
        }

        public void newOrder(
            final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
            final long clOrdId, final int instrumentId, final Side side, final OrderType type, final TimeInForce tif,
            final boolean postOnly, final long price, final long quantity)
        {
            send(account, command.newOrder(clOrdId, account, instrumentId, side, type, tif, postOnly, price, quantity));
        }

        public void cancel(
            final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
            final long clOrdId, final long origClOrdId, final int instrumentId)
        {
            send(account, command.cancel(clOrdId, origClOrdId, account, instrumentId));
        }

        public void replace(
            final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
            final long clOrdId, final long origClOrdId, final int instrumentId, final long price,
            final long quantity)
        {
            send(account, command.replace(clOrdId, origClOrdId, account, instrumentId, price, quantity));
        }

        public int massCancel(
            final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
            final int instrumentId)
        {
            send(account, command.massCancel(account, instrumentId));
            return 0;
        }

        public void depth(final long cmd, final int instrumentId, final int levels)
        {
            // No depth request on the wire.
        }

        private void send(final long account, final OrderCommand order)
        {
            final int index = (int)account;
            final long sent = clients[index].sendCommand(order, collectors[index]);
            assertTrue(sent >= 0, "send failed: " + sent);
            collectors[index].lastSent = sent;
            this.sent++;
        }
    }
}
