package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sequencer.NodeConfiguration;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a command reaches a running node: over UDP with a media driver of its own (the default, from any process),
 * or over IPC through the node's media driver.
 */
final class ClientOptions
{
    @Option(names = "--endpoint", description = "Node UDP ingress host:port. Default: ${DEFAULT-VALUE}")
    String endpoint = ProtocolDefaults.INGRESS_UDP_ENDPOINT;

    @Option(names = "--ipc", description = "Connect over IPC through the node's media driver instead of UDP.")
    boolean ipc;

    @Option(names = "--aeron-dir",
        description = "The node's media driver directory, for --ipc. Default: ${DEFAULT-VALUE}")
    String aeronDir = NodeConfiguration.AERON_DIR_DEFAULT;

    @Option(names = "--client-id", description = "Producer id; reuse it to resend exactly-once. Default: random.")
    Long clientId;

    StreamFlowClient connect()
    {
        return connect(ProtocolDefaults.OUTPUT_SUBSCRIPTION_CHANNEL);
    }

    StreamFlowClient connect(final String outputChannel)
    {
        final StreamFlowClient.Context ctx = new StreamFlowClient.Context().outputChannel(outputChannel);
        if (null != clientId)
        {
            ctx.clientId(clientId);
        }
        if (ipc)
        {
            ctx.aeronDirectoryName(aeronDir);
        }
        else
        {
            final File driverDir = new File(TempDirs.sharedMemoryOrTemp(),
                "streamflow-client-" + ProcessHandle.current().pid() + "-" +
                ThreadLocalRandom.current().nextInt(1 << 20));
            ctx.embeddedDriver(true)
                .aeronDirectoryName(driverDir.getPath())
                .ingressChannel("aeron:udp?endpoint=" + endpoint);
        }

        return StreamFlowClient.connect(ctx);
    }
}
