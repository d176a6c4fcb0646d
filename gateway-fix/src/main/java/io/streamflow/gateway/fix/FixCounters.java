package io.streamflow.gateway.fix;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * The FIX gateway's counters, in the counters file of the media driver it reaches the node through: read by anyone
 * (tests, {@code AeronStat}). Logon counters are written by Artio's framer thread as well as the gateway's, so every
 * counter is incremented atomically.
 */
public final class FixCounters implements AutoCloseable
{
    /** Type id of the FIX gateway's counters (beside the node's, 7101, and the binary gateway's, 7111). */
    public static final int FIX_GATEWAY_COUNTER_TYPE_ID = 7112;

    /** FIX sessions logged on now. */
    final Counter sessions;
    /** Logons accepted: the node took the session's credentials. */
    final Counter logons;
    /** Logons refused: unknown CompIDs, or credentials the node refused. */
    final Counter logonsRefused;
    /** Order messages passed to the node as commands. */
    final Counter commandsToNode;
    /** ExecutionReports, OrderCancelRejects and OrderMassCancelReports sent to FIX clients. */
    final Counter reportsToClients;
    /** Session-level Rejects (35=3): a message with missing or malformed fields. */
    final Counter sessionRejects;
    /** BusinessMessageRejects (35=j): a foreign account, an unsupported message, the node out of reach. */
    final Counter businessRejects;
    /** Orders, cancels, replaces and mass cancels the gateway refused before the node (unknown symbol, bad values). */
    final Counter gatewayRejects;
    /** Commands the node refused (Reject: not authorized, invalid field, ...). */
    final Counter nodeRejects;
    /** Market data snapshots and incremental refreshes sent to subscribers. */
    final Counter marketDataMessages;

    private final List<Counter> all = new ArrayList<>();

    /**
     * @param aeron client of the media driver the gateway reaches the node through.
     */
    public FixCounters(final Aeron aeron)
    {
        sessions = add(aeron, "streamflow fix gateway: sessions logged on");
        logons = add(aeron, "streamflow fix gateway: logons accepted");
        logonsRefused = add(aeron, "streamflow fix gateway: logons refused");
        commandsToNode = add(aeron, "streamflow fix gateway: commands to the node");
        reportsToClients = add(aeron, "streamflow fix gateway: reports to clients");
        sessionRejects = add(aeron, "streamflow fix gateway: session rejects (35=3)");
        businessRejects = add(aeron, "streamflow fix gateway: business message rejects (35=j)");
        gatewayRejects = add(aeron, "streamflow fix gateway: order messages refused by the gateway");
        nodeRejects = add(aeron, "streamflow fix gateway: commands refused by the node");
        marketDataMessages = add(aeron, "streamflow fix gateway: market data messages sent");
    }

    private Counter add(final Aeron aeron, final String label)
    {
        final Counter counter = aeron.addCounter(FIX_GATEWAY_COUNTER_TYPE_ID, label);
        all.add(counter);
        return counter;
    }

    /**
     * @return sessions logged on now.
     */
    public long sessions()
    {
        return sessions.get();
    }

    /**
     * @return logons accepted.
     */
    public long logons()
    {
        return logons.get();
    }

    /**
     * @return logons refused.
     */
    public long logonsRefused()
    {
        return logonsRefused.get();
    }

    /**
     * @return commands passed to the node.
     */
    public long commandsToNode()
    {
        return commandsToNode.get();
    }

    /**
     * @return reports sent to clients.
     */
    public long reportsToClients()
    {
        return reportsToClients.get();
    }

    /**
     * @return session-level rejects sent.
     */
    public long sessionRejects()
    {
        return sessionRejects.get();
    }

    /**
     * @return business message rejects sent.
     */
    public long businessRejects()
    {
        return businessRejects.get();
    }

    /**
     * @return order messages the gateway refused itself.
     */
    public long gatewayRejects()
    {
        return gatewayRejects.get();
    }

    /**
     * @return commands the node refused.
     */
    public long nodeRejects()
    {
        return nodeRejects.get();
    }

    /**
     * @return market data messages sent.
     */
    public long marketDataMessages()
    {
        return marketDataMessages.get();
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.closeAll(all);
    }
}
