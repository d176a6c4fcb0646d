package io.streamflow.sequencer;

/**
 * A request to stop, from a closing thread to an agent, and the agent's answer. The agent asks
 * {@link #isStopped()} at the start of each duty cycle and does nothing in a cycle that says so; the first such
 * cycle acknowledges. Invariant: once {@link #isAcknowledged()} reads true, every duty cycle that began before the
 * request has ended and no later one does anything, so whatever the closer reads after it (the ring's cursor, say)
 * is final.
 * <p>
 * Thread safe: {@link #request()} and {@link #isAcknowledged()} from any thread, {@link #isStopped()} from the
 * agent's thread only.
 */
final class StopSignal
{
    private volatile boolean isRequested;
    private volatile boolean isAcknowledged;

    /**
     * Ask the agent to stop; it acknowledges at the start of its next duty cycle.
     */
    void request()
    {
        isRequested = true;
    }

    /**
     * Agent's thread, at the start of a duty cycle.
     *
     * @return true when the agent is to do nothing in this cycle (the stop is then acknowledged).
     */
    boolean isStopped()
    {
        if (!isRequested)
        {
            return false;
        }
        if (!isAcknowledged)
        {
            // A volatile store after everything this thread did in earlier cycles: a reader that sees it sees those.
            isAcknowledged = true;
        }
        return true;
    }

    /**
     * @return true when the agent has stopped: none of its cycles is under way or to come.
     */
    boolean isAcknowledged()
    {
        return isAcknowledged;
    }
}
