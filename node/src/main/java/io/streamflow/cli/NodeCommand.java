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
final class NodeCommand implements Callable<Integer>
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
        // The barrier holds the JVM's shutdown until it is closed, after the node (resources close in reverse order).
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            StreamFlowNode node = StreamFlowNode.launch(nodeOptions.applyTo(new StreamFlowNode.Context().dir(dir))))
        {
            final String udp = node.udpIngressChannel(TimeUnit.SECONDS.toNanos(5));
            System.out.println("streamflow node ready: journal " + node.context().journalDir() +
                " (" + node.recoveredEntries() + " entries recovered), IPC via " +
                node.context().aeronDirectoryName() + (null != udp ? ", UDP " + udp : "") + "; Ctrl-C to stop");
            System.out.flush();
            barrier.await();
            System.out.println("streamflow node stopping");
        }
        System.out.println("streamflow node stopped: journal closed, media driver directory removed");
        return 0;
    }
}
