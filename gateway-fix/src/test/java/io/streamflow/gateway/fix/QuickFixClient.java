package io.streamflow.gateway.fix;

import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.MemoryStoreFactory;
import quickfix.MessageStoreFactory;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.MsgType;
import quickfix.field.Password;
import quickfix.field.Username;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A FIX 4.4 initiator on QuickFIX/J, the outside client of the gateway's tests (an engine that is not ours): logs on
 * with a Username and Password, sends what a test builds, and queues what it receives, administrative messages
 * included.
 */
final class QuickFixClient implements Application, AutoCloseable
{
    private static final long WAIT_MS = 20_000;

    private final SessionID sessionId;
    private final SocketInitiator initiator;
    private final String username;
    private final String password;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final List<Message> skipped = new ArrayList<>();
    private volatile boolean loggedOn;
    private volatile boolean loggedOut;

    /**
     * @param port       the gateway's.
     * @param sender     SenderCompID.
     * @param target     TargetCompID (the gateway's CompID).
     * @param username   Username (553), or null.
     * @param password   Password (554), or null.
     * @param storeDir   where sequence numbers and sent messages are kept across logons (then no ResetOnLogon, and
     *                   a reconnect every second after a disconnect), or null for a store in memory, a reset at
     *                   each logon and no reconnect.
     */
    QuickFixClient(
        final int port,
        final String sender,
        final String target,
        final String username,
        final String password,
        final File storeDir) throws ConfigError
    {
        this.username = username;
        this.password = password;
        final SessionSettings settings = new SessionSettings();
        sessionId = new SessionID("FIX.4.4", sender, target);
        settings.setString(sessionId, "ConnectionType", "initiator");
        settings.setString(sessionId, "SocketConnectHost", "127.0.0.1");
        settings.setLong(sessionId, "SocketConnectPort", port);
        settings.setString(sessionId, "StartTime", "00:00:00");
        settings.setString(sessionId, "EndTime", "00:00:00");
        settings.setLong(sessionId, "HeartBtInt", 30);
        // A client with a store of its own reconnects as a real one does; the others log on once.
        settings.setLong(sessionId, "ReconnectInterval", null == storeDir ? 3600 : 1);
        settings.setString(sessionId, "UseDataDictionary", "Y");
        settings.setString(sessionId, "DataDictionary", "FIX44.xml");
        settings.setString(sessionId, "ValidateUserDefinedFields", "N");
        settings.setString(sessionId, "AllowUnknownMsgFields", "Y");
        settings.setString(sessionId, "ResetOnLogon", null == storeDir ? "Y" : "N");
        final MessageStoreFactory store;
        if (null != storeDir)
        {
            settings.setString(sessionId, "FileStorePath", storeDir.getAbsolutePath());
            store = new FileStoreFactory(settings);
        }
        else
        {
            store = new MemoryStoreFactory();
        }
        initiator = new SocketInitiator(this, store, settings, new ScreenLogFactory(false, false, false),
            new DefaultMessageFactory());
    }

    /**
     * Connect and send the Logon.
     */
    void start() throws ConfigError
    {
        initiator.start();
    }

    /**
     * @return true once logged on.
     */
    boolean isLoggedOn()
    {
        return loggedOn;
    }

    /**
     * @return true once a logon ended (refused or logged out).
     */
    boolean isLoggedOut()
    {
        return loggedOut;
    }

    /**
     * Log on and wait for the gateway's Logon.
     */
    QuickFixClient logOn() throws ConfigError
    {
        start();
        await(() -> loggedOn, "the logon of " + sessionId);
        return this;
    }

    /**
     * @param message to send (its header is filled by QuickFIX/J).
     */
    void send(final Message message) throws SessionNotFound
    {
        if (!Session.sendToTarget(message, sessionId))
        {
            fail("QuickFIX/J did not send " + message);
        }
    }

    /**
     * @return the QuickFIX/J session.
     */
    Session session()
    {
        return Session.lookupSession(sessionId);
    }

    /**
     * @param msgType a message type, e.g. {@code "8"}.
     * @return the next message of that type received (others of other types are kept for later calls).
     */
    Message next(final String msgType) throws InterruptedException, FieldNotFound
    {
        return next(message -> msgType.equals(type(message)), "a message of type " + msgType);
    }

    /**
     * @param filter which message.
     * @param what   for the failure message.
     * @return the next received message that passes the filter; others are kept for later calls.
     */
    Message next(final Predicate<Message> filter, final String what) throws InterruptedException
    {
        for (int i = 0; i < skipped.size(); i++)
        {
            if (filter.test(skipped.get(i)))
            {
                return skipped.remove(i);
            }
        }
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true)
        {
            final long left = deadline - System.currentTimeMillis();
            final Message message = left > 0 ? received.poll(left, TimeUnit.MILLISECONDS) : null;
            if (null == message)
            {
                fail("no " + what + " for " + sessionId + " within " + WAIT_MS + " ms; other messages: " + skipped);
            }
            if (filter.test(message))
            {
                return message;
            }
            skipped.add(message);
        }
    }

    /**
     * @param msgType a message type.
     * @return how many messages of that type arrived and were not taken yet.
     */
    int pending(final String msgType)
    {
        received.drainTo(skipped);
        return (int)skipped.stream().filter(message -> msgType.equals(type(message))).count();
    }

    static String type(final Message message)
    {
        try
        {
            return message.getHeader().getString(MsgType.FIELD);
        }
        catch (final FieldNotFound ex)
        {
            return "";
        }
    }

    static void await(final java.util.function.BooleanSupplier condition, final String what)
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Log out and stop.
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
        loggedOut = false;
    }

    /**
     * {@inheritDoc}
     */
    public void onLogout(final SessionID sessionId)
    {
        loggedOn = false;
        loggedOut = true;
    }

    /**
     * {@inheritDoc}
     */
    public void toAdmin(final Message message, final SessionID sessionId)
    {
        if (MsgType.LOGON.equals(type(message)))
        {
            if (null != username)
            {
                message.setField(new Username(username));
            }
            if (null != password)
            {
                message.setField(new Password(password));
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void fromAdmin(final Message message, final SessionID sessionId)
    {
        received.add(message);
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
        received.add(message);
    }
}
