package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sequencer.NodeConfiguration;
import picocli.CommandLine.Option;

import java.io.File;

/**
 * How a command reaches a running node: over UDP with a media driver of its own (the default, from any process),
 * over IPC through the node's media driver, or a cluster through Aeron Cluster, following its leader.
 */
final class ClientOptions
{
    @Option(names = "--endpoint", description = "Node UDP ingress host:port. Default: ${DEFAULT-VALUE}")
    String endpoint = ProtocolDefaults.INGRESS_UDP_ENDPOINT;

    @Option(names = "--cluster", description = "A cluster's ingress endpoints, id=host:port,... (as 'cluster " +
        "start' prints them): connect through Aeron Cluster and follow the leader; commands left unanswered by a " +
        "failed leader are sent again to the new one.")
    String cluster;

    @Option(names = "--log-endpoint", description = "With --cluster: host:port of the member's log server to follow " +
        "and list from (cluster-node --log-endpoint). Default: the first member's ingress host, at its ingress port " +
        "+ " + ProtocolDefaults.CLUSTER_LOG_SERVER_PORT_OFFSET + ".")
    String logEndpoint;

    @Option(names = "--ipc", description = "Connect over IPC through the node's media driver instead of UDP.")
    boolean ipc;

    @Option(names = "--aeron-dir",
        description = "The node's media driver directory, for --ipc. Default: ${DEFAULT-VALUE}")
    String aeronDir = NodeConfiguration.AERON_DIR_DEFAULT;

    @Option(names = "--client-id", description = "Producer id; reuse it to resend exactly-once. Default: random.")
    Long clientId;

    @Option(names = "--principal", description = "Principal to authenticate as, for a node with a credentials " +
        "file; its secret comes from --secret-file or the STREAMFLOW_SECRET environment variable.")
    String principal;

    @Option(names = "--secret-file", description = "File holding the principal's secret (its first line).")
    File secretFile;

    /**
     * @return how the command reaches the node, for reports.
     */
    String describeTransport()
    {
        return null != cluster ? "Aeron Cluster at " + cluster : ipc ? "Aeron IPC" : "Aeron UDP to " + endpoint;
    }

    /**
     * @return the transport's short name: cluster, ipc or udp.
     */
    String transportName()
    {
        return null != cluster ? "cluster" : ipc ? "ipc" : "udp";
    }

    /**
     * @param ingressEndpoint host:port of a cluster member's ingress.
     * @return host:port of its log server unless configured otherwise: the ingress port +
     * {@link ProtocolDefaults#CLUSTER_LOG_SERVER_PORT_OFFSET}.
     */
    static String logServerEndpointOf(final String ingressEndpoint)
    {
        final int colon = ingressEndpoint.lastIndexOf(':');
        return ingressEndpoint.substring(0, colon) + ":" +
            (Integer.parseInt(ingressEndpoint.substring(colon + 1)) + ProtocolDefaults.CLUSTER_LOG_SERVER_PORT_OFFSET);
    }

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
        if (null != principal)
        {
            ctx.credentials(principal, secret());
        }
        if (null != cluster)
        {
            ctx.logServerEndpoint(null != logEndpoint ? logEndpoint :
                logServerEndpointOf(cluster.split(",")[0].substring(cluster.split(",")[0].indexOf('=') + 1)));
            ctx.clusterIngressEndpoints(cluster)
                .embeddedDriver(true)
                .aeronDirectoryName(TempDirs.newDriverDir("streamflow-client").getPath());
        }
        else if (ipc)
        {
            ctx.aeronDirectoryName(aeronDir);
        }
        else
        {
            final File driverDir = TempDirs.newDriverDir("streamflow-client");
            ctx.embeddedDriver(true)
                .aeronDirectoryName(driverDir.getPath())
                .ingressChannel("aeron:udp?endpoint=" + endpoint);
        }

        return StreamFlowClient.connect(ctx);
    }

    private String secret()
    {
        if (null != secretFile)
        {
            try
            {
                return java.nio.file.Files.readAllLines(secretFile.toPath()).get(0).strip();
            }
            catch (final java.io.IOException | IndexOutOfBoundsException ex)
            {
                throw new IllegalArgumentException("cannot read a secret from the first line of " + secretFile, ex);
            }
        }
        final String secret = System.getenv("STREAMFLOW_SECRET");
        if (null == secret)
        {
            throw new IllegalArgumentException("--principal " + principal + " needs its secret: give --secret-file, " +
                "or set STREAMFLOW_SECRET");
        }
        return secret;
    }
}
