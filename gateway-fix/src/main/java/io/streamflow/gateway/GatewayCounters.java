package io.streamflow.gateway;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * The binary gateway's counters, in its media driver's counters file: written by the gateway's thread only, read by
 * anyone (tests, {@code AeronStat}).
 */
public final class GatewayCounters implements AutoCloseable
{
    /** Type id of the gateway's counters (beside the node's, 7101). */
    public static final int GATEWAY_COUNTER_TYPE_ID = 7111;

    /** TCP connections open now. */
    final Counter connections;
    /** TCP connections accepted since the start. */
    final Counter accepted;
    /** Connections refused at once: the gateway had its maximum. */
    final Counter refused;
    /** Connections closed, for any reason. */
    final Counter closed;
    /** Connections closed because the client did not read what the node sent it (its buffer filled). */
    final Counter slowClients;
    /** Connections closed for a frame longer than the limit. */
    final Counter framesTooLong;
    /** Connections closed for a first frame that was not a Connect. */
    final Counter badLogons;
    /** Connections closed because nothing came, not even a heartbeat, for the idle timeout. */
    final Counter idleClosed;
    /** Connections that ended in the middle of a frame. */
    final Counter endedMidFrame;
    /** Frames passed to the node. */
    final Counter framesIn;
    /** Frames passed to clients. */
    final Counter framesOut;

    private final List<Counter> all = new ArrayList<>();

    /**
     * @param aeron client of the gateway's media driver.
     */
    public GatewayCounters(final Aeron aeron)
    {
        connections = add(aeron, "streamflow binary gateway: connections open");
        accepted = add(aeron, "streamflow binary gateway: connections accepted");
        refused = add(aeron, "streamflow binary gateway: connections refused (limit)");
        closed = add(aeron, "streamflow binary gateway: connections closed");
        slowClients = add(aeron, "streamflow binary gateway: slow clients disconnected (buffer full)");
        framesTooLong = add(aeron, "streamflow binary gateway: frames longer than the limit");
        badLogons = add(aeron, "streamflow binary gateway: first frames not a Connect");
        idleClosed = add(aeron, "streamflow binary gateway: connections closed idle");
        endedMidFrame = add(aeron, "streamflow binary gateway: connections that ended mid-frame");
        framesIn = add(aeron, "streamflow binary gateway: frames to the node");
        framesOut = add(aeron, "streamflow binary gateway: frames to clients");
    }

    private Counter add(final Aeron aeron, final String label)
    {
        final Counter counter = aeron.addCounter(GATEWAY_COUNTER_TYPE_ID, label);
        all.add(counter);
        return counter;
    }

    /**
     * @return connections open now.
     */
    public long connections()
    {
        return connections.get();
    }

    /**
     * @return connections accepted since the start.
     */
    public long accepted()
    {
        return accepted.get();
    }

    /**
     * @return connections refused at once (the limit).
     */
    public long refused()
    {
        return refused.get();
    }

    /**
     * @return connections closed.
     */
    public long closed()
    {
        return closed.get();
    }

    /**
     * @return slow clients disconnected.
     */
    public long slowClients()
    {
        return slowClients.get();
    }

    /**
     * @return frames longer than the limit.
     */
    public long framesTooLong()
    {
        return framesTooLong.get();
    }

    /**
     * @return first frames that were not a Connect.
     */
    public long badLogons()
    {
        return badLogons.get();
    }

    /**
     * @return connections closed idle.
     */
    public long idleClosed()
    {
        return idleClosed.get();
    }

    /**
     * @return connections that ended mid-frame.
     */
    public long endedMidFrame()
    {
        return endedMidFrame.get();
    }

    /**
     * @return frames passed to the node.
     */
    public long framesIn()
    {
        return framesIn.get();
    }

    /**
     * @return frames passed to clients.
     */
    public long framesOut()
    {
        return framesOut.get();
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.closeAll(all);
    }
}
