package io.streamflow.perf;

import io.streamflow.cli.FixOrderClient;
import io.streamflow.cli.QuickFixSettings;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SocketAcceptor;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.fix44.ExecutionReport;


/**
 * The floor of the FIX round trip: a QuickFIX/J acceptor that answers each NewOrderSingle with an ExecutionReport New
 * at once, matching nothing, so that the QuickFIX/J initiator ↔ acceptor round trip is what the FIX library alone
 * costs on this machine.
 */
final class QuickFixEcho implements Application, AutoCloseable
{
    static final String COMP_ID = "ECHO";

    private final SocketAcceptor acceptor;
    private final int port;
    private long execId;

    QuickFixEcho() throws ConfigError
    {
        port = FixOrderClient.freePort();
        final SessionID sessionId = new SessionID("FIX.4.4", COMP_ID, "BENCH");
        acceptor = new SocketAcceptor(this, new MemoryStoreFactory(), QuickFixSettings.acceptor(sessionId, port),
            new ScreenLogFactory(false, false, false), new DefaultMessageFactory());
        acceptor.start();
    }

    int port()
    {
        return port;
    }

    public void close()
    {
        acceptor.stop(true);
    }

    public void onCreate(final SessionID sessionId)
    {
    }

    public void onLogon(final SessionID sessionId)
    {
    }

    public void onLogout(final SessionID sessionId)
    {
    }

    public void toAdmin(final Message message, final SessionID sessionId)
    {
    }

    public void fromAdmin(final Message message, final SessionID sessionId)
    {
    }

    public void toApp(final Message message, final SessionID sessionId)
    {
    }

    public void fromApp(final Message message, final SessionID sessionId)
    {
        try
        {
            if (!MsgType.ORDER_SINGLE.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                return;
            }
            final ExecutionReport report = new ExecutionReport(new OrderID(Long.toString(++execId)),
                new ExecID(Long.toString(execId)), new ExecType(ExecType.NEW), new OrdStatus(OrdStatus.NEW),
                new Side(message.getChar(Side.FIELD)), new LeavesQty(message.getDouble(quickfix.field.OrderQty.FIELD)),
                new CumQty(0), new AvgPx(0));
            report.set(new ClOrdID(message.getString(ClOrdID.FIELD)));
            report.set(new Symbol(message.getString(Symbol.FIELD)));
            Session.sendToTarget(report, sessionId);
        }
        catch (final FieldNotFound | SessionNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
