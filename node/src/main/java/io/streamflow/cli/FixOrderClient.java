package io.streamflow.cli;

import io.streamflow.client.EgressListener;
import io.streamflow.client.load.LoadTarget;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SocketInitiator;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Orders over FIX 4.4 from a QuickFIX/J initiator, the client a FIX user has: a NewOrderSingle per message (buys and
 * sells in turn at one price, so that the book stays small), answered by the first ExecutionReport of its ClOrdID
 * (New, or Rejected). The same target measures StreamFlow's FIX gateway and the FIX engines' own echo acceptors.
 * QuickFIX/J's thread hands each answer to the load generator's thread through a queue. The client of
 * {@code streamflow demo --workload fix} and of the bench's FIX scenarios.
 */
public final class FixOrderClient implements LoadTarget, Application, AutoCloseable
{
    private static final long LOGON_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);

    private final SessionID sessionId;
    private final SocketInitiator initiator;
    private final String username;
    private final String password;
    private final String symbol;
    private final ManyToOneConcurrentArrayQueue<long[]> answers = new ManyToOneConcurrentArrayQueue<>(1 << 16);
    private volatile boolean loggedOn;
    private long nextSequence;

    /**
     * @param port     of the acceptor on loopback.
     * @param sender   SenderCompID.
     * @param target   TargetCompID.
     * @param username Username (553), or null.
     * @param password Password (554), or null.
     * @param symbol   of the orders.
     * @throws ConfigError when QuickFIX/J refuses the settings.
     * @throws IllegalStateException when the acceptor does not answer the logon within 20 s.
     */
    public FixOrderClient(
        final int port,
        final String sender,
        final String target,
        final String username,
        final String password,
        final String symbol) throws ConfigError
    {
        this.username = username;
        this.password = password;
        this.symbol = symbol;
        sessionId = new SessionID("FIX.4.4", sender, target);
        initiator = new SocketInitiator(this, new MemoryStoreFactory(), QuickFixSettings.initiator(sessionId, port),
            new ScreenLogFactory(false, false, false), new DefaultMessageFactory());
        initiator.start();
        final long deadlineNs = System.nanoTime() + LOGON_TIMEOUT_NS;
        while (!loggedOn)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                initiator.stop(true);
                throw new IllegalStateException("no logon of " + sessionId + " at port " + port);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * @return a TCP port free on loopback now (for an acceptor that cannot bind port 0 and say which it got).
     */
    public static int freePort()
    {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * {@inheritDoc}
     */
    public long offer(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final long sendTimeNs)
    {
        final long sequence = nextSequence;
        final NewOrderSingle order = new NewOrderSingle(new ClOrdID(Long.toString(sequence + 1)),
            new Side(0 == (sequence & 1) ? Side.BUY : Side.SELL), new TransactTime(LocalDateTime.now()),
            new OrdType(OrdType.LIMIT));
        order.set(new Symbol(symbol));
        order.set(new OrderQty(1));
        order.set(new Price(1.00));
        if (!Session.lookupSession(sessionId).send(order))
        {
            return io.aeron.Publication.BACK_PRESSURED;
        }
        return nextSequence++;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        int work = 0;
        long[] answer;
        while (work < fragmentLimit && null != (answer = answers.poll()))
        {
            listener.onAck(answer[0], answer[0], answer[1], false);
            work++;
        }
        return work;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        initiator.stop(true);
    }

    /**
     * {@inheritDoc}
     */
    public void onCreate(final SessionID sessionId)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onLogon(final SessionID sessionId)
    {
        loggedOn = true;
    }

    /**
     * {@inheritDoc}
     */
    public void onLogout(final SessionID sessionId)
    {
        loggedOn = false;
    }

    /**
     * {@inheritDoc}
     */
    public void toAdmin(final Message message, final SessionID sessionId)
    {
        try
        {
            if (MsgType.LOGON.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                if (null != username)
                {
                    message.setString(quickfix.field.Username.FIELD, username);
                }
                if (null != password)
                {
                    message.setString(quickfix.field.Password.FIELD, password);
                }
            }
        }
        catch (final FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void fromAdmin(final Message message, final SessionID sessionId)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void toApp(final Message message, final SessionID sessionId)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void fromApp(final Message message, final SessionID sessionId)
    {
        try
        {
            if (!MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                return;
            }
            final char execType = message.getChar(ExecType.FIELD);
            if (ExecType.NEW != execType && ExecType.REJECTED != execType)
            {
                return;
            }
            final long sequence = Long.parseLong(message.getString(ClOrdID.FIELD)) - 1;
            while (!answers.offer(new long[]{ sequence, System.nanoTime() }))
            {
                Thread.onSpinWait();
            }
        }
        catch (final FieldNotFound | NumberFormatException ex)
        {
            throw new IllegalStateException("an execution report the bench cannot read: " + message, ex);
        }
    }
}
