package io.streamflow.sequencer;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

/**
 * An {@link AgentInvoker} (the media driver or an Aeron client conductor in invoker mode) as one part of a
 * composite agent, so it runs on the thread of the stages it serves.
 */
final class InvokerAgent implements Agent
{
    private final AgentInvoker invoker;
    private final String roleName;

    InvokerAgent(final AgentInvoker invoker, final String roleName)
    {
        this.invoker = invoker;
        this.roleName = roleName;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return invoker.invoke();
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return roleName;
    }
}
