package io.streamflow.cli;

import io.streamflow.sequencer.StreamFlowNode;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamflow node}: a standalone node until SIGINT or SIGTERM.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
        "Run a node (embedded media driver, sequencer, journal) until SIGINT/SIGTERM, then shut down cleanly.",
        "Ingress on Aeron IPC and UDP at once. On start it recovers from the journal in --dir."
    })
final class NodeCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--dir", required = true, description = "Node directory: the journal lives in DIR/journal.")
    File dir;

    @Mixin
    NodeOptions nodeOptions;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        // The barrier's shutdown hook holds the JVM until the barrier is closed: after the node, and the last word.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final StreamFlowNode.Context ctx = nodeOptions.applyTo(new StreamFlowNode.Context().dir(dir));
            ctx.operator(nodeOptions.operatorContext(ctx).newOperator());
            try (StreamFlowNode node = StreamFlowNode.launch(ctx))
            {
                final String udp = node.udpIngressChannel(TimeUnit.SECONDS.toNanos(5));
                out().println("streamflow node ready: journal " + node.context().journalDir() +
                    " (" + node.recoveredEntries() + " entries recovered), IPC via " +
                    node.context().aeronDirectoryName() + (null != udp ? ", UDP " + udp : "") + "; Ctrl-C to stop");
                out().flush();
                barrier.await();
                out().println("streamflow node stopping");
            }
            out().println("streamflow node stopped: journal closed, media driver directory removed");
            out().flush();
        }
        return 0;
    }
}
