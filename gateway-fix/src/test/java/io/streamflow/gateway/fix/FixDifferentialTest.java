package io.streamflow.gateway.fix;

import io.streamflow.matcher.CommandGenerator;
import io.streamflow.matcher.ExecutionEvent;
import io.streamflow.matcher.MarketDataEvent;
import io.streamflow.matcher.MatchingListener;
import io.streamflow.matcher.ReferenceBook;
import io.streamflow.matcher.TradeEvent;
import io.streamflow.sbe.ExecType;
import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import io.streamflow.sequencer.MatcherDifferential;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionNotFound;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecInst;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MassCancelRequestType;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Symbol;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.OrderMassCancelRequest;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matcher's differential check through FIX: the random command streams of {@link CommandGenerator}, each
 * account's commands sent as FIX messages from a QuickFIX/J session of its own; every ExecutionReport the node's
 * matcher caused (new, fills, cancels, replaces) must say, in FIX terms, what the {@link ReferenceBook} says when the
 * node's journal is replayed through it: the order, ExecType, CumQty, LeavesQty and the fill (LastQty at LastPx,
 * converted back with the symbol's price unit).
 */
class FixDifferentialTest
{
    private static final long SEED = 0x5EED_F1C5L;
    private static final int COMMANDS = 400;
    private static final String GATEWAY = "STREAMFLOW";
    private static final String[] SYMBOLS = {"", "ONE", "TWO", "THREE"};
    private static final BigDecimal[] UNITS = {null, new BigDecimal("0.01"), BigDecimal.ONE, new BigDecimal("0.5")};

    @TempDir
    File dir;

    private StreamFlowNode node;
    private FixGateway gateway;
    private final QuickFixClient[] clients = new QuickFixClient[MatcherDifferential.ACCOUNTS + 1];

    @AfterEach
    void close()
    {
        for (final QuickFixClient client : clients)
        {
            if (null != client)
            {
                client.close();
            }
        }
        if (null != gateway)
        {
            gateway.close();
        }
        if (null != node)
        {
            node.close();
        }
    }

    @Test
    void everyReportThroughFixSaysWhatTheReferenceBookSays() throws Exception
    {
        node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node"))
            .operator(MatcherDifferential.operatorContext().newOperator()));
        final FixGateway.Context ctx = new FixGateway.Context()
            .bindAddress("127.0.0.1")
            .port(freePort())
            .compId(GATEWAY)
            .stateDirectory(new File(dir, "gateway"))
            .aeronDirectoryName(node.context().aeronDirectoryName());
        for (int account = 1; account <= MatcherDifferential.ACCOUNTS; account++)
        {
            ctx.session(new FixSessionSpec("ACC" + account, MatcherDifferential.clientIdOf(account), account));
        }
        for (int instrument = 1; instrument < SYMBOLS.length; instrument++)
        {
            ctx.instruments().add(SYMBOLS[instrument], instrument, UNITS[instrument]);
        }
        gateway = FixGateway.launch(ctx);
        for (int account = 1; account <= MatcherDifferential.ACCOUNTS; account++)
        {
            clients[account] = new QuickFixClient(ctx.port(), "ACC" + account, GATEWAY, null, null, null).logOn();
        }

        final CommandGenerator generator = new CommandGenerator(SEED);
        final FixTarget target = new FixTarget();
        for (int i = 0; i < COMMANDS; i++)
        {
            generator.next(target);
        }

        // Every command the gateway passed on is journaled and applied before the journal is read back.
        QuickFixClient.await(() -> node.counters().commandsSequenced() >= gateway.counters().commandsToNode() &&
            node.engine().isDrained(), "the node to apply what the gateway sent");

        final Map<Long, List<String>> expected = new HashMap<>();
        final ReferenceBook reference = new ReferenceBook(MatcherDifferential.operatorContext().matcherContext(),
            new MatchingListener()
            {
                public void onExecution(final ExecutionEvent event)
                {
                    if (ExecType.REJECTED != event.execType())
                    {
                        expected.computeIfAbsent(event.clientId(), (k) -> new ArrayList<>()).add(format(event));
                    }
                }

                public void onTrade(final TradeEvent event)
                {
                }

                public void onTopOfBook(final MarketDataEvent event)
                {
                }
            });
        // Commands the gateway refused (unknown symbols, zero quantities) never reached the journal or the reference.
        MatcherDifferential.replayJournal(new File(dir, "node/journal"), reference, null);

        int fills = 0;
        for (int account = 1; account <= MatcherDifferential.ACCOUNTS; account++)
        {
            final List<String> expectedReports = expected.getOrDefault(MatcherDifferential.clientIdOf(account),
                List.of());
            final List<String> received = new ArrayList<>();
            while (received.size() < expectedReports.size())
            {
                final Message report = clients[account].next(FixDifferentialTest::isFromTheMatcher,
                    "report " + received.size() + " of " + expectedReports.size() + " of account " + account);
                received.add(format(report));
            }
            assertEquals(expectedReports, received, "account " + account + ": what FIX said");
            fills += (int)received.stream().filter((r) -> r.contains(" F ")).count();
        }
        assertTrue(fills > 20, "the stream traded: " + fills + " fills");
    }

    /**
     * @return true for an ExecutionReport the node's matcher caused (not one the gateway or admission refused), and
     * which is not a Rejected one (those of cancels and replaces are OrderCancelRejects).
     */
    private static boolean isFromTheMatcher(final Message message)
    {
        try
        {
            return "8".equals(QuickFixClient.type(message)) && message.getString(ExecID.FIELD).matches("\\d+-\\d+") &&
                message.getChar(quickfix.field.ExecType.FIELD) != quickfix.field.ExecType.REJECTED;
        }
        catch (final FieldNotFound ex)
        {
            return false;
        }
    }

    /**
     * The reference's event as FIX 4.4 says it: a fill is ExecType F (Trade); prices in the node's units.
     */
    private static String format(final ExecutionEvent event)
    {
        final char execType = switch (event.execType())
        {
            case NEW -> '0';
            case PARTIAL_FILL, FILL -> 'F';
            case CANCELED -> '4';
            case REPLACED -> '5';
            default -> '?';
        };
        final String clOrdId = '4' == execType ? "-" : Long.toString(event.clientOrderId());
        final String fill = event.lastQuantity() > 0 ? event.lastQuantity() + "@" + event.lastPrice() : "-";
        return event.orderId() + " " + clOrdId + " " + execType + " " + event.cumQuantity() + " " +
            event.leavesQuantity() + " " + fill;
    }

    private static String format(final Message report) throws FieldNotFound
    {
        final int instrument = List.of(SYMBOLS).indexOf(report.getString(Symbol.FIELD));
        final String fill = report.isSetField(LastQty.FIELD) ?
            whole(report.getDecimal(LastQty.FIELD)) + "@" +
            whole(report.getDecimal(LastPx.FIELD).divide(UNITS[instrument])) : "-";
        final char execType = report.getChar(quickfix.field.ExecType.FIELD);
        // A cancel's report names the cancel request's ClOrdID, which the book never saw: the order is its OrderID.
        final String clOrdId = '4' == execType ? "-" : report.getString(ClOrdID.FIELD);
        return report.getString(OrderID.FIELD) + " " + clOrdId + " " + execType + " " +
            whole(report.getDecimal(CumQty.FIELD)) + " " + whole(report.getDecimal(LeavesQty.FIELD)) + " " + fill;
    }

    private static long whole(final BigDecimal value)
    {
        return value.stripTrailingZeros().longValueExact();
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /**
     * The generator's commands as FIX messages, each from its account's session.
     */
    private final class FixTarget implements CommandGenerator.Target
    {
        public void newOrder(
            final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
            final long clOrdId, final int instrumentId, final Side side, final OrderType type, final TimeInForce tif,
            final boolean postOnly, final long price, final long quantity)
        {
            final NewOrderSingle order = new NewOrderSingle(new ClOrdID(Long.toString(clOrdId)),
                new quickfix.field.Side(Side.BUY == side ? '1' : '2'), new TransactTime(LocalDateTime.now()),
                new OrdType(OrderType.MARKET == type ? OrdType.MARKET : OrdType.LIMIT));
            order.set(new Symbol(symbol(instrumentId)));
            order.set(new OrderQty(quantity));
            if (OrderType.LIMIT == type)
            {
                order.set(new Price(fixPrice(instrumentId, price)));
            }
            order.set(new quickfix.field.TimeInForce(TimeInForce.IOC == tif ? '3' : TimeInForce.FOK == tif ? '4' :
                '1'));
            if (postOnly)
            {
                order.set(new ExecInst("6"));
            }
            send(account, order);
        }

        public void cancel(
            final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
            final long clOrdId, final long origClOrdId, final int instrumentId)
        {
            final OrderCancelRequest cancel = new OrderCancelRequest(new OrigClOrdID(Long.toString(origClOrdId)),
                new ClOrdID(Long.toString(clOrdId)), new quickfix.field.Side('1'),
                new TransactTime(LocalDateTime.now()));
            cancel.set(new Symbol(symbol(instrumentId)));
            send(account, cancel);
        }

        public void replace(
            final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
            final long clOrdId, final long origClOrdId, final int instrumentId, final long price, final long quantity)
        {
            final OrderCancelReplaceRequest replace = new OrderCancelReplaceRequest(
                new OrigClOrdID(Long.toString(origClOrdId)), new ClOrdID(Long.toString(clOrdId)),
                new quickfix.field.Side('1'), new TransactTime(LocalDateTime.now()), new OrdType(OrdType.LIMIT));
            replace.set(new Symbol(symbol(instrumentId)));
            replace.set(new Price(fixPrice(instrumentId, price)));
            replace.set(new OrderQty(quantity));
            send(account, replace);
        }

        public int massCancel(
            final long cmd, final long ts, final long clientId, final long clientSeq, final long account,
            final int instrumentId)
        {
            final OrderMassCancelRequest massCancel = new OrderMassCancelRequest(new ClOrdID("M" + cmd),
                new MassCancelRequestType(0 == instrumentId ? MassCancelRequestType.CANCEL_ALL_ORDERS :
                MassCancelRequestType.CANCEL_ORDERS_FOR_A_SECURITY), new TransactTime(LocalDateTime.now()));
            if (0 != instrumentId)
            {
                massCancel.set(new Symbol(symbol(instrumentId)));
            }
            send(account, massCancel);
            return 0;
        }

        public void depth(final long cmd, final int instrumentId, final int levels)
        {
        }

        private String symbol(final int instrumentId)
        {
            return instrumentId > 0 && instrumentId < SYMBOLS.length ? SYMBOLS[instrumentId] : "UNKNOWN" + instrumentId;
        }

        private double fixPrice(final int instrumentId, final long price)
        {
            final BigDecimal unit = instrumentId > 0 && instrumentId < UNITS.length ? UNITS[instrumentId] :
                BigDecimal.ONE;
            return unit.multiply(BigDecimal.valueOf(price)).doubleValue();
        }

        private void send(final long account, final Message message)
        {
            try
            {
                clients[(int)account].send(message);
            }
            catch (final SessionNotFound ex)
            {
                throw new AssertionError(ex);
            }
        }
    }
}
