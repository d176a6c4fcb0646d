package io.streamflow.sequencer;

import io.aeron.Counter;
import org.agrona.ErrorHandler;

/**
 * Counts and logs every error reported by the node's agents, the Aeron client and the media driver. Errors never
 * stop the node: the agent that reported one carries on with its next duty cycle.
 */
final class NodeErrorHandler implements ErrorHandler
{
    private final System.Logger logger;
    private volatile Counter errors;

    NodeErrorHandler(final System.Logger logger)
    {
        this.logger = logger;
    }

    void countInto(final Counter errors)
    {
        this.errors = errors;
    }

    /**
     * {@inheritDoc}
     */
    public void onError(final Throwable throwable)
    {
        final Counter errors = this.errors;
        if (null != errors && !errors.isClosed())
        {
            errors.incrementRelease();
        }
        logger.log(System.Logger.Level.ERROR, "streamflow node error", throwable);
    }
}
