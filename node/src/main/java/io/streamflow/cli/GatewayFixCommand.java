package io.streamflow.cli;

import io.streamflow.gateway.fix.FixCounters;
import io.streamflow.gateway.fix.FixGateway;
import io.streamflow.gateway.fix.FixGatewayConfig;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamflow gateway-fix --config FILE}: the FIX 4.4 gateway (Artio) in front of a running node, until SIGINT
 * or SIGTERM (or {@code --duration}).
 */
@Command(
    name = "gateway-fix",
    mixinStandardHelpOptions = true,
    description = {
        "Run the FIX 4.4 gateway (an Artio acceptor, docs/gateways.md) in front of a running node: each FIX session",
        "is a session of its own with the node, logged on with the Username and Password of a node principal, and",
        "trades only its configured accounts. The file names the acceptor, the sessions, the symbols and the node."
    })
final class GatewayFixCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "The gateway's configuration file.")
    File config;

    @Option(names = "--duration", description = "Stop after this many seconds. Default: until Ctrl-C.")
    Long durationSeconds;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws InterruptedException
    {
        final FixGateway.Context ctx;
        try
        {
            ctx = FixGatewayConfig.read(config).conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            err().println("streamflow gateway-fix: " + ex.getMessage());
            err().flush();
            return 2;
        }
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            try (FixGateway gateway = FixGateway.launch(ctx))
            {
                err().println("streamflow fix gateway ready: FIX 4.4 acceptor " + ctx.bindAddress() + ":" +
                    ctx.port() + " (CompID " + ctx.compId() + "), " + ctx.sessions().size() + " sessions, " +
                    ctx.instruments().size() + " symbols, to the node via " + (ctx.embeddedNodeDriver() ?
                    ctx.ingressChannel() : "IPC " + ctx.aeronDirectoryName()) + "; Ctrl-C to stop");
                err().flush();
                if (null != durationSeconds)
                {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(durationSeconds));
                }
                else
                {
                    barrier.await();
                }
                final FixCounters counters = gateway.counters();
                err().println("streamflow fix gateway stopping: " + counters.logons() + " logons (" +
                    counters.logonsRefused() + " refused), " + counters.commandsToNode() + " commands to the " +
                    "node, " + counters.reportsToClients() + " reports to clients; " + counters.sessionRejects() +
                    " session rejects, " + counters.businessRejects() + " business rejects, " +
                    counters.gatewayRejects() + " refused by the gateway, " + counters.nodeRejects() +
                    " by the node");
                err().flush();
            }
        }
        return 0;
    }
}
