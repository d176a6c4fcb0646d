package io.streamflow.cli;

import quickfix.SessionID;
import quickfix.SessionSettings;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * QuickFIX/J session settings of the bench: a 24-hour FIX 4.4 session on loopback, validated against the FIX 4.4
 * dictionary, reset at each logon, no reconnect, nothing logged; with the two settings Artio's Logon needs
 * (its tag 35002 is no FIX 4.4 field).
 */
public final class QuickFixSettings
{
    /** QuickFIX/J logs every setting at INFO: the bench shows its warnings only (held, as JUL keeps it weakly). */
    private static final Logger QUICKFIX_LOGGER = Logger.getLogger("quickfix");

    static
    {
        QUICKFIX_LOGGER.setLevel(Level.WARNING);
    }

    private QuickFixSettings()
    {
    }

    /**
     * @param sessionId the session.
     * @param port      of the acceptor on loopback.
     * @return settings of an initiator.
     */
    public static SessionSettings initiator(final SessionID sessionId, final int port)
    {
        final SessionSettings settings = common(sessionId);
        settings.setString(sessionId, "ConnectionType", "initiator");
        settings.setString(sessionId, "SocketConnectHost", "127.0.0.1");
        settings.setLong(sessionId, "SocketConnectPort", port);
        settings.setLong(sessionId, "ReconnectInterval", 3600);
        return settings;
    }

    /**
     * @param sessionId the session.
     * @param port      to accept on, on loopback.
     * @return settings of an acceptor.
     */
    public static SessionSettings acceptor(final SessionID sessionId, final int port)
    {
        final SessionSettings settings = common(sessionId);
        settings.setString(sessionId, "ConnectionType", "acceptor");
        settings.setString(sessionId, "SocketAcceptAddress", "127.0.0.1");
        settings.setLong(sessionId, "SocketAcceptPort", port);
        return settings;
    }

    private static SessionSettings common(final SessionID sessionId)
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString(sessionId, "StartTime", "00:00:00");
        settings.setString(sessionId, "EndTime", "00:00:00");
        settings.setLong(sessionId, "HeartBtInt", 30);
        settings.setString(sessionId, "UseDataDictionary", "Y");
        settings.setString(sessionId, "DataDictionary", "FIX44.xml");
        settings.setString(sessionId, "ValidateUserDefinedFields", "N");
        settings.setString(sessionId, "AllowUnknownMsgFields", "Y");
        settings.setString(sessionId, "ResetOnLogon", "Y");
        settings.setString(sessionId, "SocketTcpNoDelay", "Y");
        return settings;
    }
}
