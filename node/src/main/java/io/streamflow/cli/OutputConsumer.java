package io.streamflow.cli;

import io.aeron.logbuffer.FragmentHandler;
import io.streamflow.client.OutputSubscription;
import io.streamflow.client.OutputRecords;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.pipelines.PipelineDefinition;
import io.streamflow.pipelines.Pipelines;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * {@code consume --output NAME}: a pipeline's results, subscribed to over Aeron, printed as JSON lines in the
 * output's format.
 */
final class OutputConsumer
{
    private final PrintWriter out;
    private final PrintWriter err;
    private final StringBuilder json = new StringBuilder();
    private long printed;
    private long unreadable;

    OutputConsumer(final PrintWriter out, final PrintWriter err)
    {
        this.out = out;
        this.err = err;
    }

    int consume(
        final String outputName,
        final ClientOptions clientOptions,
        final String outputChannel,
        final long limit,
        final Double idleTimeoutSeconds)
    {
        final PipelineDefinition.Output output = Pipelines.output(outputName);
        if (null == output)
        {
            throw new IllegalArgumentException("no pipeline output '" + outputName + "'; see 'streamflow pipelines'");
        }
        final long idleTimeoutNs = idleTimeoutNs(idleTimeoutSeconds);

        try (StreamFlowClient client = clientOptions.connect(outputChannel);
            OutputSubscription subscription = client.subscribeOutput(output.streamId()))
        {
            final FragmentHandler assembler = OutputRecords.handler(
                (engineSequence, timestampNs, buffer, offset, length) -> print(output, buffer, offset, length));
            final IdleStrategy idle = idleStrategy();
            long lastResultNs = System.nanoTime();
            while (printed < limit && System.nanoTime() - lastResultNs < idleTimeoutNs)
            {
                final long before = printed;
                final int fragmentLimit = (int)Math.min(256, limit - printed);
                final int work = client.poll(null, 16) + subscription.poll(assembler, fragmentLimit);
                if (printed > before)
                {
                    lastResultNs = System.nanoTime();
                }
                if (0 == work)
                {
                    out.flush();
                }
                idle.idle(work);
            }
        }
        out.flush();
        if (unreadable > 0)
        {
            err.println(unreadable + " results could not be rendered as " + outputName);
        }
        return 0 == unreadable ? 0 : 1;
    }

    /**
     * @return the idle strategy of every consumer tool: it backs off to 1 ms parks while nothing comes, so that an
     * idle consumer does not hold a core.
     */
    static IdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(10, 10, 10_000, 1_000_000);
    }

    /**
     * @param idleTimeoutSeconds a consumer tool's {@code --idle-timeout}, null for none.
     * @return it in nanoseconds, {@link Long#MAX_VALUE} for none.
     */
    static long idleTimeoutNs(final Double idleTimeoutSeconds)
    {
        return null == idleTimeoutSeconds ? Long.MAX_VALUE : (long)(idleTimeoutSeconds * TimeUnit.SECONDS.toNanos(1));
    }

    private void print(
        final PipelineDefinition.Output output, final DirectBuffer buffer, final int offset, final int length)
    {
        json.setLength(0);
        try
        {
            output.format().appendJson(buffer, offset, length, json);
            out.println(json);
            printed++;
        }
        catch (final RuntimeException ex)
        {
            unreadable++;
        }
    }
}
