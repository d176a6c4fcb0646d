package io.streamflow.gateway.fix;

import io.streamflow.engine.Principals;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TransactTime;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.MassCancelRequestType;
import quickfix.field.MassCancelResponse;
import quickfix.field.OrigClOrdID;
import quickfix.field.TotalAffectedOrders;
import quickfix.field.Account;
import quickfix.field.BusinessRejectReason;
import quickfix.field.BusinessRejectRefID;
import quickfix.field.OrdRejReason;
import quickfix.field.QuoteReqID;
import quickfix.field.RefMsgType;
import quickfix.field.RefTagID;
import quickfix.field.SessionRejectReason;
import quickfix.field.EncryptMethod;
import quickfix.field.HeartBtInt;
import quickfix.field.MsgSeqNum;
import quickfix.field.Password;
import quickfix.field.PossDupFlag;
import quickfix.field.ResetSeqNumFlag;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.TargetCompID;
import quickfix.field.TestReqID;
import quickfix.field.Username;
import quickfix.field.MDEntryPx;
import quickfix.field.MDEntrySize;
import quickfix.field.MDEntryType;
import quickfix.field.MDReqID;
import quickfix.field.MDReqRejReason;
import quickfix.field.MDUpdateAction;
import quickfix.field.MDUpdateType;
import quickfix.field.MarketDepth;
import quickfix.field.NoMDEntries;
import quickfix.field.SubscriptionRequestType;
import quickfix.fix44.Logon;
import quickfix.fix44.MarketDataRequest;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.TestRequest;
import quickfix.fix44.QuoteRequest;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.OrderMassCancelRequest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FIX gateway from the outside, with QuickFIX/J as the client: logons with good and bad credentials, orders from
 * two sessions that trade with each other with the fills on both.
 */
class FixGatewayTest
{
    private static final String GATEWAY = "STREAMFLOW";

    @TempDir
    File dir;

    private StreamFlowNode node;
    private FixGateway gateway;
    private final List<QuickFixClient> clients = new ArrayList<>();
    private int port;

    @AfterEach
    void close()
    {
        for (final QuickFixClient client : clients)
        {
            client.close();
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
    void twoSessionsTradeAndTheFillsReachBoth() throws Exception
    {
        start();
        final QuickFixClient buyer = client("BUYER", "alice", "alice-secret").logOn();
        final QuickFixClient seller = client("SELLER", "bob", "bob-secret").logOn();

        buyer.send(limit("B1", Side.BUY, "10", "1.00"));
        final Message buyNew = buyer.next("8");
        assertEquals(ExecType.NEW, buyNew.getChar(ExecType.FIELD));
        assertEquals(OrdStatus.NEW, buyNew.getChar(OrdStatus.FIELD));
        assertEquals("B1", buyNew.getString(ClOrdID.FIELD));
        assertEquals(0, new BigDecimal("10").compareTo(buyNew.getDecimal(LeavesQty.FIELD)));

        seller.send(limit("S1", Side.SELL, "4", "1.00"));
        assertEquals(ExecType.NEW, seller.next("8").getChar(ExecType.FIELD));
        final Message sellFill = seller.next("8");
        assertEquals(ExecType.TRADE, sellFill.getChar(ExecType.FIELD));
        assertEquals(OrdStatus.FILLED, sellFill.getChar(OrdStatus.FIELD));
        assertEquals(0, new BigDecimal("4").compareTo(sellFill.getDecimal(LastQty.FIELD)));
        assertEquals(0, new BigDecimal("1.00").compareTo(sellFill.getDecimal(LastPx.FIELD)));

        final Message buyFill = buyer.next("8");
        assertEquals(ExecType.TRADE, buyFill.getChar(ExecType.FIELD), "the resting order's fill reaches its owner");
        assertEquals(OrdStatus.PARTIALLY_FILLED, buyFill.getChar(OrdStatus.FIELD));
        assertEquals("B1", buyFill.getString(ClOrdID.FIELD));
        assertEquals(0, new BigDecimal("4").compareTo(buyFill.getDecimal(CumQty.FIELD)));
        assertEquals(0, new BigDecimal("6").compareTo(buyFill.getDecimal(LeavesQty.FIELD)));
    }

    @Test
    void cancelReplaceAndMassCancelAreAnsweredAsFixDefines() throws Exception
    {
        start();
        final QuickFixClient buyer = client("BUYER", "alice", "alice-secret").logOn();
        buyer.send(limit("B1", Side.BUY, "10", "1.00"));
        buyer.send(limit("B2", Side.BUY, "5", "0.99"));
        buyer.send(limit("B3", Side.BUY, "5", "0.98"));
        for (int i = 0; i < 3; i++)
        {
            assertEquals(ExecType.NEW, buyer.next("8").getChar(ExecType.FIELD));
        }

        final OrderCancelReplaceRequest replace = new OrderCancelReplaceRequest(new OrigClOrdID("B1"),
            new ClOrdID("B1a"), new Side(Side.BUY), new TransactTime(LocalDateTime.now()), new OrdType(OrdType.LIMIT));
        replace.set(new Symbol("AAPL"));
        replace.set(new OrderQty(8));
        replace.set(new Price(1.01));
        buyer.send(replace);
        final Message replaced = buyer.next("8");
        assertEquals(ExecType.REPLACED, replaced.getChar(ExecType.FIELD));
        assertEquals("B1a", replaced.getString(ClOrdID.FIELD));
        assertEquals("B1", replaced.getString(OrigClOrdID.FIELD));
        assertEquals(0, new BigDecimal("8").compareTo(replaced.getDecimal(OrderQty.FIELD)));
        assertEquals(0, new BigDecimal("1.01").compareTo(replaced.getDecimal(Price.FIELD)));

        final OrderCancelRequest cancel = new OrderCancelRequest(new OrigClOrdID("B2"), new ClOrdID("C2"),
            new Side(Side.BUY), new TransactTime(LocalDateTime.now()));
        cancel.set(new Symbol("AAPL"));
        buyer.send(cancel);
        final Message cancelled = buyer.next("8");
        assertEquals(ExecType.CANCELED, cancelled.getChar(ExecType.FIELD));
        assertEquals(OrdStatus.CANCELED, cancelled.getChar(OrdStatus.FIELD));
        assertEquals("C2", cancelled.getString(ClOrdID.FIELD));
        assertEquals("B2", cancelled.getString(OrigClOrdID.FIELD));

        final OrderCancelRequest again = new OrderCancelRequest(new OrigClOrdID("B2"), new ClOrdID("C3"),
            new Side(Side.BUY), new TransactTime(LocalDateTime.now()));
        again.set(new Symbol("AAPL"));
        buyer.send(again);
        final Message cancelReject = buyer.next("9");
        assertEquals("C3", cancelReject.getString(ClOrdID.FIELD));
        assertEquals("B2", cancelReject.getString(OrigClOrdID.FIELD));
        assertEquals(CxlRejResponseTo.ORDER_CANCEL_REQUEST, cancelReject.getChar(CxlRejResponseTo.FIELD));
        assertEquals(CxlRejReason.UNKNOWN_ORDER, cancelReject.getInt(CxlRejReason.FIELD));

        final OrderMassCancelRequest massCancel = new OrderMassCancelRequest(new ClOrdID("M1"),
            new MassCancelRequestType(MassCancelRequestType.CANCEL_ALL_ORDERS), new TransactTime(LocalDateTime.now()));
        buyer.send(massCancel);
        final List<String> cancelledIds = new ArrayList<>();
        for (int i = 0; i < 2; i++)
        {
            final Message report = buyer.next("8");
            assertEquals(ExecType.CANCELED, report.getChar(ExecType.FIELD));
            cancelledIds.add(report.getString(ClOrdID.FIELD));
        }
        assertEquals(List.of("B1a", "B3"), cancelledIds.stream().sorted().toList());
        final Message massReport = buyer.next("r");
        assertEquals("M1", massReport.getString(ClOrdID.FIELD));
        assertEquals(MassCancelResponse.CANCEL_ALL_ORDERS, massReport.getChar(MassCancelResponse.FIELD));
        assertEquals(2, massReport.getInt(TotalAffectedOrders.FIELD));
    }

    @Test
    void badFixIsRejectedWithAReasonCountedAndTheSessionSurvives() throws Exception
    {
        start();
        final QuickFixClient buyer = client("BUYER", "alice", "alice-secret").logOn();

        final NewOrderSingle noSide = limit("X1", Side.BUY, "1", "1.00");
        noSide.removeField(Side.FIELD);
        buyer.send(noSide);
        final Message missing = buyer.next("3");
        assertEquals(SessionRejectReason.REQUIRED_TAG_MISSING, missing.getInt(SessionRejectReason.FIELD));
        assertEquals(Side.FIELD, missing.getInt(RefTagID.FIELD));

        final NewOrderSingle badQuantity = limit("X2", Side.BUY, "1", "1.00");
        badQuantity.setString(OrderQty.FIELD, "ten");
        buyer.send(badQuantity);
        final Message malformed = buyer.next("3");
        assertEquals(SessionRejectReason.INCORRECT_DATA_FORMAT_FOR_VALUE,
            malformed.getInt(SessionRejectReason.FIELD), malformed.toString());

        final NewOrderSingle unknownSymbol = limit("X3", Side.BUY, "1", "1.00");
        unknownSymbol.set(new Symbol("NOPE"));
        buyer.send(unknownSymbol);
        final Message unknown = buyer.next("8");
        assertEquals(ExecType.REJECTED, unknown.getChar(ExecType.FIELD));
        assertEquals(OrdRejReason.UNKNOWN_SYMBOL, unknown.getInt(OrdRejReason.FIELD));
        assertEquals("X3", unknown.getString(ClOrdID.FIELD));

        final NewOrderSingle offTick = limit("X4", Side.BUY, "1", "1.005");
        buyer.send(offTick);
        final Message tick = buyer.next("8");
        assertEquals(ExecType.REJECTED, tick.getChar(ExecType.FIELD));
        assertTrue(tick.getString(Text.FIELD).contains("price unit"), tick.toString());

        final NewOrderSingle foreign = limit("X5", Side.BUY, "1", "1.00");
        foreign.set(new Account("2"));
        buyer.send(foreign);
        final Message notAuthorized = buyer.next("j");
        assertEquals(BusinessRejectReason.NOT_AUTHORIZED, notAuthorized.getInt(BusinessRejectReason.FIELD));
        assertEquals("X5", notAuthorized.getString(BusinessRejectRefID.FIELD));

        final QuoteRequest quoteRequest = new QuoteRequest(new QuoteReqID("Q1"));
        final QuoteRequest.NoRelatedSym symbol = new QuoteRequest.NoRelatedSym();
        symbol.set(new Symbol("AAPL"));
        quoteRequest.addGroup(symbol);
        buyer.send(quoteRequest);
        final Message unsupported = buyer.next("j");
        assertEquals(BusinessRejectReason.UNSUPPORTED_MESSAGE_TYPE, unsupported.getInt(BusinessRejectReason.FIELD));
        assertEquals("R", unsupported.getString(RefMsgType.FIELD));

        assertEquals(2, gateway.counters().sessionRejects());
        assertEquals(2, gateway.counters().businessRejects());
        assertEquals(2, gateway.counters().gatewayRejects());

        buyer.send(limit("OK1", Side.BUY, "1", "1.00"));
        final Message accepted = buyer.next("8");
        assertEquals(ExecType.NEW, accepted.getChar(ExecType.FIELD), "the session survived every reject");
        assertEquals("OK1", accepted.getString(ClOrdID.FIELD));
        assertTrue(buyer.isLoggedOn());
    }

    @Test
    void garbledFramesAreIgnoredAndTheSessionGoesOn() throws Exception
    {
        start();
        try (Socket socket = new Socket("127.0.0.1", gateway.context().port()))
        {
            socket.setSoTimeout(20_000);
            final OutputStream out = socket.getOutputStream();
            final Logon logon = new Logon(new EncryptMethod(EncryptMethod.NONE_OTHER), new HeartBtInt(30));
            logon.set(new ResetSeqNumFlag(true));
            logon.set(new Username("alice"));
            logon.set(new Password("alice-secret"));
            out.write(raw(logon, 1));
            assertTrue(readMessage(socket).contains("\u000135=A\u0001"), "logged on");

            // A checksum that does not add up, and a BodyLength that does not reach the CheckSum: FIX says ignore a
            // garbled message (and not count its sequence number).
            out.write("8=FIX.4.4\u00019=5\u000135=0\u000110=000\u0001".getBytes(StandardCharsets.US_ASCII));
            out.write("8=FIX.4.4\u00019=4\u000135=0\u000149=BUYER\u000110=000\u0001"
                .getBytes(StandardCharsets.US_ASCII));
            final TestRequest testRequest = new TestRequest(new TestReqID("T1"));
            out.write(raw(testRequest, 2));
            String answer = readMessage(socket);
            while (!answer.contains("\u0001112=T1\u0001"))
            {
                assertFalse(answer.contains("\u000135=5\u0001"), "no logout: " + answer);
                answer = readMessage(socket);
            }
            assertTrue(answer.contains("\u000135=0\u0001"), "a Heartbeat answers the TestRequest: " + answer);
        }
    }

    private static byte[] raw(final Message message, final int seqNum)
    {
        message.getHeader().setString(SenderCompID.FIELD, "BUYER");
        message.getHeader().setString(TargetCompID.FIELD, GATEWAY);
        message.getHeader().setInt(MsgSeqNum.FIELD, seqNum);
        message.getHeader().setUtcTimeStamp(SendingTime.FIELD, LocalDateTime.now(ZoneOffset.UTC));
        return message.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @return the next whole FIX message the socket delivers (up to its CheckSum field).
     */
    private static String readMessage(final Socket socket) throws IOException
    {
        final StringBuilder message = new StringBuilder();
        final InputStream in = socket.getInputStream();
        while (true)
        {
            final int b = in.read();
            assertTrue(b >= 0, "the gateway closed the connection after " + message);
            message.append((char)b);
            final int checksum = message.lastIndexOf("\u000110=");
            if (checksum >= 0 && message.length() == checksum + 8 && message.charAt(message.length() - 1) == 1)
            {
                return message.toString();
            }
        }
    }

    @Test
    void sequenceNumbersOutliveAGatewayRestartAndWhatWasMissedIsResent() throws Exception
    {
        start();
        final QuickFixClient buyer = new QuickFixClient(gateway.context().port(), "BUYER", GATEWAY, "alice",
            "alice-secret", new File(dir, "buyer-store"));
        clients.add(buyer);
        buyer.logOn();
        assertEquals(1, buyer.next("A").getHeader().getInt(MsgSeqNum.FIELD), "the first logon");
        buyer.send(limit("B1", Side.BUY, "10", "1.00"));
        final Message first = buyer.next("8");
        final int reportSeqNum = first.getHeader().getInt(MsgSeqNum.FIELD);

        gateway.close();
        QuickFixClient.await(() -> !buyer.isLoggedOn(), "the client to see the gateway go");
        // The client lost the report (it never reached its application): it will ask for it again.
        buyer.session().setNextTargetMsgSeqNum(reportSeqNum);
        gateway = FixGateway.launch(context());

        QuickFixClient.await(buyer::isLoggedOn, "the client's reconnect and logon");
        final Message logon = buyer.next("A");
        assertTrue(logon.getHeader().getInt(MsgSeqNum.FIELD) > reportSeqNum,
            "the gateway's sequence numbers went on after its restart: " + logon);
        final Message resent = buyer.next(message -> "8".equals(QuickFixClient.type(message)) &&
            message.getHeader().isSetField(PossDupFlag.FIELD), "the report resent");
        assertEquals("B1", resent.getString(ClOrdID.FIELD));
        assertEquals(ExecType.NEW, resent.getChar(ExecType.FIELD));
        assertEquals(reportSeqNum, resent.getHeader().getInt(MsgSeqNum.FIELD));
        assertTrue(resent.getHeader().getBoolean(PossDupFlag.FIELD));

        buyer.send(limit("B2", Side.BUY, "5", "0.99"));
        final Message next = buyer.next(message -> "8".equals(QuickFixClient.type(message)) &&
            !message.getHeader().isSetField(PossDupFlag.FIELD), "the report of a new order");
        assertEquals("B2", next.getString(ClOrdID.FIELD));
        assertEquals(ExecType.NEW, next.getChar(ExecType.FIELD), "the node session goes on from its last sequence");
    }

    @Test
    void aSubscriberGetsTheTopOfBookThenEachChangeAndTradeEvenFromBeforeTheGatewayStarted() throws Exception
    {
        start();
        final QuickFixClient early = client("SELLER", "bob", "bob-secret").logOn();
        early.send(limit("S0", Side.SELL, "5", "1.02"));
        assertEquals(ExecType.NEW, early.next("8").getChar(ExecType.FIELD));
        early.close();
        clients.remove(early);
        gateway.close();
        gateway = FixGateway.launch(context());

        final QuickFixClient buyer = client("BUYER", "alice", "alice-secret").logOn();
        final QuickFixClient seller = client("SELLER", "bob", "bob-secret").logOn();
        buyer.send(marketDataRequest("MD1", SubscriptionRequestType.SNAPSHOT_UPDATES, 1, "AAPL"));
        final Message snapshot = buyer.next("W");
        assertEquals("MD1", snapshot.getString(MDReqID.FIELD));
        assertEquals(List.of("1 1.02 5"), entries(snapshot), "the book as it was before the gateway started");

        seller.send(limit("S1", Side.SELL, "10", "1.01"));
        assertEquals(List.of("2 1 1.02 5", "0 1 1.01 10"), entries(buyer.next("X")), "a new best offer");

        buyer.send(limit("B1", Side.BUY, "4", "1.01"));
        assertEquals(List.of("0 2 1.01 4"), entries(buyer.next("X")), "the trade");
        assertEquals(List.of("1 1 1.01 6"), entries(buyer.next("X")), "what is left at the best offer");

        buyer.send(marketDataRequest("MD1", SubscriptionRequestType.DISABLE_PREVIOUS_SNAPSHOT_UPDATE_REQUEST, 1,
            "AAPL"));
        seller.send(limit("S2", Side.SELL, "1", "1.00"));
        seller.next("8");
        // Market data follows the node's output log, a little behind the execution reports: ask for snapshots until
        // one shows the new offer; no incremental refresh of the ended subscription may come meanwhile.
        Message last;
        int attempt = 0;
        do
        {
            buyer.send(marketDataRequest("MD2-" + attempt++, SubscriptionRequestType.SNAPSHOT, 1, "AAPL"));
            last = buyer.next(message -> "W".equals(QuickFixClient.type(message)) ||
                "X".equals(QuickFixClient.type(message)), "market data");
            assertEquals("W", QuickFixClient.type(last), "no update after the unsubscribe: " + last);
        }
        while (!entries(last).equals(List.of("1 1.00 1")) && attempt < 100);
        assertEquals(List.of("1 1.00 1"), entries(last), "the new best offer, in the end");

        buyer.send(marketDataRequest("MD3", SubscriptionRequestType.SNAPSHOT, 1, "MSFT"));
        assertEquals(List.of(), entries(buyer.next("W")), "an empty book");
    }

    @Test
    void marketDataRequestsTheGatewayCannotServeAreRejectedWithTheReason() throws Exception
    {
        start();
        final QuickFixClient buyer = client("BUYER", "alice", "alice-secret").logOn();
        buyer.send(marketDataRequest("D0", SubscriptionRequestType.SNAPSHOT_UPDATES, 0, "AAPL"));
        final Message depth = buyer.next("Y");
        assertEquals(MDReqRejReason.UNSUPPORTED_MARKETDEPTH, depth.getChar(MDReqRejReason.FIELD));
        assertEquals("D0", depth.getString(MDReqID.FIELD));

        buyer.send(marketDataRequest("U1", SubscriptionRequestType.SNAPSHOT_UPDATES, 1, "NOPE"));
        assertEquals(MDReqRejReason.UNKNOWN_SYMBOL, buyer.next("Y").getChar(MDReqRejReason.FIELD));

        buyer.send(marketDataRequest("M1", SubscriptionRequestType.SNAPSHOT_UPDATES, 1, "AAPL"));
        buyer.next("W");
        buyer.send(marketDataRequest("M1", SubscriptionRequestType.SNAPSHOT_UPDATES, 1, "AAPL"));
        assertEquals(MDReqRejReason.DUPLICATE_MDREQID, buyer.next("Y").getChar(MDReqRejReason.FIELD));
    }

    private static MarketDataRequest marketDataRequest(
        final String id, final char type, final int depth, final String symbol)
    {
        final MarketDataRequest request = new MarketDataRequest(new MDReqID(id), new SubscriptionRequestType(type),
            new MarketDepth(depth));
        request.set(new MDUpdateType(MDUpdateType.INCREMENTAL_REFRESH));
        for (final char entryType : new char[]{ MDEntryType.BID, MDEntryType.OFFER, MDEntryType.TRADE })
        {
            final MarketDataRequest.NoMDEntryTypes types = new MarketDataRequest.NoMDEntryTypes();
            types.set(new MDEntryType(entryType));
            request.addGroup(types);
        }
        final MarketDataRequest.NoRelatedSym related = new MarketDataRequest.NoRelatedSym();
        related.set(new Symbol(symbol));
        request.addGroup(related);
        return request;
    }

    /**
     * @return a market data message's entries: "[MDUpdateAction ]MDEntryType price size", prices as FIX sent them.
     */
    private static List<String> entries(final Message message) throws FieldNotFound
    {
        final List<String> entries = new ArrayList<>();
        for (final Group entry : message.getGroups(NoMDEntries.FIELD))
        {
            final String action = entry.isSetField(MDUpdateAction.FIELD) ? entry.getChar(MDUpdateAction.FIELD) + " " :
                "";
            entries.add(action + entry.getChar(MDEntryType.FIELD) + " " +
                entry.getDecimal(MDEntryPx.FIELD).setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString() +
                " " + entry.getDecimal(MDEntrySize.FIELD).stripTrailingZeros().toPlainString());
        }
        return entries;
    }

    @Test
    void aLogonWithBadCredentialsIsRefusedWithTheReason() throws Exception
    {
        start();
        final QuickFixClient intruder = client("BUYER", "alice", "wrong");
        intruder.start();
        final Message logout = intruder.next("5");
        assertTrue(logout.getString(Text.FIELD).contains("AUTHENTICATION_FAILED"), logout.toString());
        QuickFixClient.await(() -> gateway.counters().logonsRefused() == 1, "the refusal counted");
        assertEquals(0, gateway.counters().sessions());

        final QuickFixClient unknown = client("NOBODY", "alice", "alice-secret");
        unknown.start();
        assertTrue(unknown.next("5").getString(Text.FIELD).contains("no session is configured"));
        QuickFixClient.await(() -> gateway.counters().logonsRefused() == 2, "the second refusal counted");
    }

    private NewOrderSingle limit(final String clOrdId, final char side, final String quantity, final String price)
    {
        final NewOrderSingle order = new NewOrderSingle(new ClOrdID(clOrdId), new Side(side),
            new TransactTime(LocalDateTime.now()), new OrdType(OrdType.LIMIT));
        order.set(new Symbol("AAPL"));
        order.set(new OrderQty(Double.parseDouble(quantity)));
        order.set(new Price(Double.parseDouble(price)));
        return order;
    }

    private QuickFixClient client(final String sender, final String username, final String password)
        throws Exception
    {
        final QuickFixClient client = new QuickFixClient(gateway.context().port(), sender, GATEWAY, username,
            password, null);
        clients.add(client);
        return client;
    }

    private void start() throws IOException
    {
        final File credentials = new File(dir, "credentials");
        Files.writeString(credentials.toPath(), Principals.line("alice", "alice-secret", "701", "1") + "\n" +
            Principals.line("bob", "bob-secret", "702", "2") + "\n");
        node = StreamFlowNode.launch(TestNodes.context(new File(dir, "node")).principals(Principals.load(credentials)));
        port = freePort();
        gateway = FixGateway.launch(context());
    }

    private FixGateway.Context context()
    {
        final FixGateway.Context ctx = new FixGateway.Context()
            .bindAddress("127.0.0.1")
            .port(port)
            .compId(GATEWAY)
            .stateDirectory(new File(dir, "gateway"))
            .aeronDirectoryName(node.context().aeronDirectoryName())
            .session(new FixSessionSpec("BUYER", 701, 1))
            .session(new FixSessionSpec("SELLER", 702, 2));
        ctx.instruments().add("AAPL", 1, new BigDecimal("0.01")).add("MSFT", 2, new BigDecimal("0.01"));
        return ctx.marketDataCredentials("alice:alice-secret".getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
