package io.streamflow.engine;

/**
 * How long a destination (a client session, an output stream) has been refusing offers: a message is held, and with
 * it the ring, while the refusals last less than the timeout. Past the timeout it stays past until an offer goes
 * through, so that a destination that has timed out costs no more waiting.
 * <p>
 * Not thread safe: the egress thread's.
 */
public final class BackPressureTimer
{
    private long sinceNs;

    /**
     * @param nowNs     of this refused offer.
     * @param timeoutNs most a destination may refuse.
     * @return true to hold the message and offer it again, false when the refusals have lasted the timeout.
     */
    public boolean hold(final long nowNs, final long timeoutNs)
    {
        if (0 == sinceNs)
        {
            sinceNs = nowNs;
            return true;
        }
        return nowNs - sinceNs < timeoutNs;
    }

    /**
     * An offer went through.
     */
    public void clear()
    {
        sinceNs = 0;
    }
}
