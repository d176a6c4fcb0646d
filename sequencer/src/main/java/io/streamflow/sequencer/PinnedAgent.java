package io.streamflow.sequencer;

import net.openhft.affinity.Affinity;
import org.agrona.concurrent.Agent;

/**
 * Runs an agent on a thread pinned to one CPU, pinning in {@link #onStart()} so it applies to whichever thread the
 * agent runner starts.
 */
final class PinnedAgent implements Agent
{
    private final Agent delegate;
    private final int cpu;
    private final System.Logger logger;

    PinnedAgent(final Agent delegate, final int cpu, final System.Logger logger)
    {
        this.delegate = delegate;
        this.cpu = cpu;
        this.logger = logger;
    }

    /**
     * Wrap an agent so it pins its thread, or return it as it is when no CPU is configured.
     *
     * @param agent  to run.
     * @param cpu    to pin to, or -1 for none.
     * @param logger for the outcome.
     * @return the agent to run.
     */
    static Agent pinnedTo(final Agent agent, final int cpu, final System.Logger logger)
    {
        return cpu < 0 ? agent : new PinnedAgent(agent, cpu, logger);
    }

    /**
     * {@inheritDoc}
     */
    public void onStart()
    {
        Affinity.setAffinity(cpu);
        logger.log(System.Logger.Level.INFO, delegate.roleName() + " pinned to cpu " + cpu + ", running on cpu " +
            Affinity.getCpu());
        delegate.onStart();
    }

    /**
     * {@inheritDoc}
     */
    public int doWork() throws Exception
    {
        return delegate.doWork();
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        delegate.onClose();
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return delegate.roleName();
    }
}
