package io.streamflow.cli;

import io.streamflow.gateway.BinaryGateway;
import io.streamflow.gateway.GatewayCounters;
import io.streamflow.sequencer.NodeConfiguration;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamflow gateway-binary}: the binary gateway (length-prefixed SBE over TCP) in front of a running node,
 * until SIGINT or SIGTERM (or {@code --duration}).
 */
@Command(
    name = "gateway-binary",
    mixinStandardHelpOptions = true,
    description = {
        "Run the binary gateway: the protocol's SBE messages in length-prefixed frames over TCP (docs/gateways.md),",
        "for clients that do not speak Aeron. Each connection is a session of its own with the node, authenticated",
        "by the node from its Connect. Reaches the node through its media driver (IPC), or over UDP with --endpoint."
    })
final class GatewayBinaryCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--port", description = "TCP port to listen on (0: one found free). Default: ${DEFAULT-VALUE}",
        defaultValue = "40130")
    int port;

    @Option(names = "--bind", description = "Address to listen on. Default: ${DEFAULT-VALUE}",
        defaultValue = "localhost")
    String bind;

    @Option(names = "--aeron-dir", description = "The node's media driver directory (IPC). Default: " +
        "${DEFAULT-VALUE}")
    String aeronDir = NodeConfiguration.AERON_DIR_DEFAULT;

    @Option(names = "--endpoint", description = "The node's UDP ingress host:port, instead of IPC: the gateway runs " +
        "a media driver of its own.")
    String endpoint;

    @Option(names = "--max-frame", description = "Longest message a frame may carry, bytes; a longer one closes " +
        "the connection. Default: ${DEFAULT-VALUE}", defaultValue = "65536")
    int maxFrame;

    @Option(names = "--buffer", description = "Bytes that may wait per connection for its client to read; a client " +
        "that lets them fill is disconnected. Default: ${DEFAULT-VALUE}", defaultValue = "1048576")
    int buffer;

    @Option(names = "--max-connections", description = "Connections served at once. Default: ${DEFAULT-VALUE}",
        defaultValue = "1024")
    int maxConnections;

    @Option(names = "--idle-timeout", description = "Seconds after which a connection that sent nothing, not even " +
        "a heartbeat, is closed. Default: ${DEFAULT-VALUE}", defaultValue = "10")
    long idleTimeoutSeconds;

    @Option(names = "--duration", description = "Stop after this many seconds. Default: until Ctrl-C.")
    Long durationSeconds;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws InterruptedException
    {
        final BinaryGateway.Context ctx = new BinaryGateway.Context()
            .port(port)
            .bindAddress(bind)
            .maxFrameLength(maxFrame)
            .outboundBufferLength(buffer)
            .maxConnections(maxConnections)
            .idleTimeoutNs(TimeUnit.SECONDS.toNanos(idleTimeoutSeconds));
        if (null != endpoint)
        {
            ctx.embeddedDriver(true)
                .aeronDirectoryName(TempDirs.newDriverDir("streamflow-gateway").getPath())
                .ingressChannel("aeron:udp?endpoint=" + endpoint)
                .responseChannel("aeron:udp?endpoint=localhost:0");
        }
        else
        {
            ctx.aeronDirectoryName(aeronDir);
        }
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            try (BinaryGateway gateway = BinaryGateway.launch(ctx))
            {
                err().println("streamflow binary gateway ready: TCP " + bind + ":" + gateway.port() + ", to the " +
                    "node via " + (null != endpoint ? "UDP " + endpoint : "IPC " + aeronDir) + "; Ctrl-C to stop");
                err().flush();
                if (null != durationSeconds)
                {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(durationSeconds));
                }
                else
                {
                    barrier.await();
                }
                final GatewayCounters counters = gateway.counters();
                err().println("streamflow binary gateway stopping: " + counters.accepted() + " connections " +
                    "accepted, " + counters.framesIn() + " frames to the node, " + counters.framesOut() + " to " +
                    "clients; closed " + counters.slowClients() + " slow, " + counters.framesTooLong() +
                    " for frames too long, " + counters.badLogons() + " for a first frame not a Connect, " +
                    counters.idleClosed() + " idle");
                err().flush();
            }
        }
        return 0;
    }
}
