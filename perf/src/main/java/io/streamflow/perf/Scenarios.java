package io.streamflow.perf;

import io.streamflow.cli.FixOrderClient;
import io.streamflow.cli.TelemetryTarget;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.OrderTarget;
import io.streamflow.gateway.BinaryGateway;
import io.streamflow.gateway.fix.FixGateway;
import io.streamflow.gateway.fix.FixSessionSpec;
import io.streamflow.pipelines.TelemetryPipeline;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sequencer.NodeConfiguration;
import io.streamflow.sequencer.StreamFlowNode;
import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bench's scenarios, floors first: the bare transports and the bare journal, then StreamFlow over each. Every
 * StreamFlow scenario starts a fresh node (SHARED threading, journal in a temporary directory) and stops it after.
 */
public final class Scenarios
{
    /** Raw Aeron IPC ping-pong. */
    public static final String RAW_AERON_IPC = "raw-aeron-ipc";
    /** Raw Aeron UDP ping-pong over loopback. */
    public static final String RAW_AERON_UDP = "raw-aeron-udp";
    /** Raw Chronicle Queue append, Chronicle's defaults. */
    public static final String RAW_CHRONICLE = "raw-chronicle-append";
    /** Raw Chronicle Queue append, the queue set up as StreamFlow's journal sets up its own. */
    public static final String RAW_CHRONICLE_AS_STREAMFLOW = "raw-chronicle-append-streamflow";
    /** StreamFlow records over IPC. */
    public static final String RECORDS_IPC = "streamflow-records-ipc";
    /** StreamFlow records over UDP. */
    public static final String RECORDS_UDP = "streamflow-records-udp";
    /** StreamFlow records over IPC, each batch synced to the device before it is acknowledged. */
    public static final String RECORDS_IPC_SYNC = "streamflow-records-ipc-sync";
    /** Records over UDP, answered when a remote consumer (a follow through the log server) receives them. */
    public static final String FOLLOW_UDP = "streamflow-follow-udp";
    /** StreamFlow records through a three-member cluster (loopback, one JVM). */
    public static final String RECORDS_CLUSTER = "streamflow-records-cluster3";
    /** A three-member cluster's time without acks per leader failover. */
    public static final String CLUSTER_FAILOVER = "streamflow-cluster3-failover";
    /** Raw TCP ping-pong over loopback, frames of the binary gateway's format. */
    public static final String RAW_TCP = "raw-tcp";
    /** StreamFlow records through the binary gateway: TCP to the gateway, IPC from it to the node. */
    public static final String GATEWAY_BINARY = "streamflow-gateway-binary";
    /** QuickFIX/J initiator to a QuickFIX/J acceptor that answers each order at once (the FIX library's floor). */
    public static final String FIX_QUICKFIXJ_ECHO = "fix-quickfixj-echo";
    /** QuickFIX/J initiator to an Artio acceptor that answers each order at once (the gateway's FIX engine's floor). */
    public static final String FIX_ARTIO_ECHO = "fix-artio-echo";
    /** StreamFlow orders from a QuickFIX/J initiator through the FIX gateway to the matcher: NewOrderSingle to New. */
    public static final String FIX_GATEWAY = "streamflow-fix-gateway";
    /** StreamFlow orders to the matcher over IPC. */
    public static final String ORDERS_IPC = "streamflow-orders-ipc";

    private Scenarios()
    {
    }

    /**
     * @return every scenario, floors first, journals in the system's temporary directory.
     */
    public static List<Scenario> all()
    {
        return all(new File(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param journalParent directory under which each scenario's journal (or bare queue) is made, and removed after.
     * @return every scenario, floors first.
     */
    public static List<Scenario> all(final File journalParent)
    {
        return List.of(
            new Scenario(RAW_AERON_IPC, "raw Aeron IPC ping-pong", null, (settings) ->
            {
                try (RawAeronEcho echo = new RawAeronEcho(nodeIdleStrategy(), false))
                {
                    return LoadGenerator.run(echo, settings);
                }
            }),
            new Scenario(RAW_AERON_UDP, "raw Aeron UDP ping-pong (loopback)", null, (settings) ->
            {
                try (RawAeronEcho echo = new RawAeronEcho(nodeIdleStrategy(), true))
                {
                    return LoadGenerator.run(echo, settings);
                }
            }),
            new Scenario(RAW_TCP, "raw TCP ping-pong (loopback)", null, (settings) ->
            {
                try (RawTcpEcho echo = new RawTcpEcho(nodeIdleStrategy()))
                {
                    return LoadGenerator.run(echo, settings);
                }
            }),
            rawChronicle(RAW_CHRONICLE, "raw Chronicle append (its defaults)", journalParent,
                ChronicleAppendTarget.DEFAULTS),
            rawChronicle(RAW_CHRONICLE_AS_STREAMFLOW, "raw Chronicle append (as StreamFlow sets it up)",
                journalParent, ChronicleAppendTarget.AS_STREAMFLOW),
            new Scenario(RECORDS_IPC, "StreamFlow records, IPC", RAW_AERON_IPC, (settings) -> onNode(journalParent,
                (ctx) -> ctx, (node) -> PerfNodes.client(node), (node, client) -> LoadGenerator.run(client, settings))),
            new Scenario(RECORDS_IPC_SYNC, "StreamFlow records, IPC, journal synced (--sync-journal)", RECORDS_IPC,
                (settings) -> onNode(journalParent, (ctx) -> ctx.journalSync(true), (node) -> PerfNodes.client(node),
                    (node, client) -> LoadGenerator.run(client, settings))),
            new Scenario(RECORDS_UDP, "StreamFlow records, UDP", RAW_AERON_UDP, (settings) -> onNode(journalParent,
                (ctx) -> ctx.ingressUdpEndpoint("localhost:0"), (node) -> udpClient(node, "bench-udp-client"),
                (node, client) -> LoadGenerator.run(client, settings))),
            new Scenario(FOLLOW_UDP, "StreamFlow produce → consume (a follow through the log server), UDP",
                RECORDS_UDP, (settings) -> onNode(journalParent,
                (ctx) -> ctx.ingressUdpEndpoint("localhost:0"), (node) -> udpClient(node, "bench-follow-client"),
                (node, client) ->
                {
                    try (FollowTarget target = new FollowTarget(client, 1))
                    {
                        return LoadGenerator.run(target, settings);
                    }
                })),
            new Scenario(GATEWAY_BINARY, "StreamFlow records through the binary gateway (TCP, then IPC)", RAW_TCP,
                (settings) -> onNode(journalParent, (ctx) -> ctx, (node) -> null, (node, client) ->
                {
                    try (BinaryGateway gateway = BinaryGateway.launch(new BinaryGateway.Context()
                            .port(0)
                            .bindAddress("127.0.0.1")
                            .aeronDirectoryName(node.context().aeronDirectoryName()));
                        GatewayTarget target = new GatewayTarget(gateway.port(), 77, 1))
                    {
                        return LoadGenerator.run(target, settings);
                    }
                })),
            new Scenario(FIX_QUICKFIXJ_ECHO, "FIX: QuickFIX/J initiator ↔ QuickFIX/J echo acceptor (loopback)", null,
                (settings) ->
                {
                    try (QuickFixEcho echo = new QuickFixEcho();
                        FixOrderClient target = new FixOrderClient(echo.port(), "BENCH",
                            QuickFixEcho.COMP_ID, null, null, "AAPL"))
                    {
                        return LoadGenerator.run(target, settings);
                    }
                }),
            new Scenario(FIX_ARTIO_ECHO, "FIX: QuickFIX/J initiator → Artio echo acceptor (loopback)",
                FIX_QUICKFIXJ_ECHO, (settings) ->
                {
                    try (ArtioEcho echo = new ArtioEcho(Files.createTempDirectory(journalParent.toPath(),
                            "streamflow-bench-artio").toFile());
                        FixOrderClient target = new FixOrderClient(echo.port(), "BENCH",
                            ArtioEcho.COMP_ID, null, null, "AAPL"))
                    {
                        return LoadGenerator.run(target, settings);
                    }
                }),
            new Scenario(FIX_GATEWAY, "StreamFlow orders through the FIX gateway (QuickFIX/J → Artio → node)",
                FIX_QUICKFIXJ_ECHO, (settings) -> onNode(journalParent, (ctx) -> ctx, (node) -> null, (node, client) ->
                {
                    final FixGateway.Context gatewayCtx = new FixGateway.Context()
                        .bindAddress("127.0.0.1")
                        .port(FixOrderClient.freePort())
                        .stateDirectory(Files.createTempDirectory(journalParent.toPath(), "streamflow-bench-fix")
                            .toFile())
                        .aeronDirectoryName(node.context().aeronDirectoryName())
                        .session(new FixSessionSpec("BENCH", 77, 1));
                    gatewayCtx.instruments().add("AAPL", 1, new java.math.BigDecimal("0.01"));
                    try (FixGateway gateway = FixGateway.launch(gatewayCtx);
                        FixOrderClient target = new FixOrderClient(gateway.context().port(), "BENCH",
                            gateway.context().compId(), null, null, "AAPL"))
                    {
                        return LoadGenerator.run(target, settings);
                    }
                })),
            new Scenario(RECORDS_CLUSTER, "StreamFlow records, 3-member cluster",
                RECORDS_UDP, (settings) ->
                {
                    try (BenchCluster cluster = new BenchCluster(journalParent);
                        StreamFlowClient client = cluster.client())
                    {
                        return LoadGenerator.run(client, settings);
                    }
                }),
            new Scenario(CLUSTER_FAILOVER, "3-member cluster, failover: time without acks", null,
                (settings) -> FailoverScenario.run(journalParent, settings)),
            new Scenario(ORDERS_IPC, "StreamFlow orders to the matcher, IPC", RAW_AERON_IPC,
                (settings) -> onNode(journalParent, (ctx) -> ctx, (node) -> PerfNodes.client(node),
                    (node, client) -> LoadGenerator.run(new OrderTarget(client, 1,
                        client.subscribeOutput(ProtocolDefaults.MARKET_DATA_STREAM_ID), 42), settings))),
            new Scenario("streamflow-telemetry-ipc", "StreamFlow telemetry record-to-ack, IPC", RAW_AERON_IPC,
                (settings) -> onNode(journalParent,
                    (ctx) -> ctx.operator(PerfNodes.standardOperator(TelemetryPipeline.NAME)),
                    (node) -> PerfNodes.client(node), (node, client) -> LoadGenerator.run(new TelemetryTarget(
                        client, node.context().streamCatalog().resolve(TelemetryPipeline.INPUT_STREAM),
                        client.subscribeOutput(TelemetryPipeline.OUTPUT_STREAM_ID)), settings))));
    }

    private static Scenario rawChronicle(
        final String name, final String title, final File journalParent, final ChronicleAppendTarget.Setup setup)
    {
        return new Scenario(name, title, null, (settings) ->
        {
            try (ChronicleAppendTarget journal = new ChronicleAppendTarget(
                Files.createTempDirectory(journalParent.toPath(), "streamflow-bench-chronicle").toFile(), setup))
            {
                return LoadGenerator.run(journal, settings);
            }
        });
    }

    /**
     * A client over UDP loopback with an embedded driver of its own, as a remote client has.
     */
    private static StreamFlowClient udpClient(final StreamFlowNode node, final String aeronDirName)
    {
        return StreamFlowClient.connect(new StreamFlowClient.Context()
            .embeddedDriver(true)
            .aeronDirectoryName(PerfNodes.freshAeronDir(aeronDirName))
            .ingressChannel(node.udpIngressChannel(TimeUnit.SECONDS.toNanos(5))));
    }

    /**
     * The echo idles as a node does, so that the floor and the engine differ only in what the engine does.
     */
    private static IdleStrategy nodeIdleStrategy()
    {
        return io.aeron.driver.Configuration.agentIdleStrategy(NodeConfiguration.idleStrategy(), null);
    }

    private interface NodeSetup
    {
        StreamFlowNode.Context apply(StreamFlowNode.Context ctx);
    }

    private interface ClientFactory
    {
        StreamFlowClient connect(StreamFlowNode node);
    }

    private interface Load
    {
        LoadGenerator.Result run(StreamFlowNode node, StreamFlowClient client) throws Exception;
    }

    private static LoadGenerator.Result onNode(
        final File journalParent, final NodeSetup setup, final ClientFactory clients, final Load load) throws Exception
    {
        final File dir = Files.createTempDirectory(journalParent.toPath(), "streamflow-bench").toFile();
        try (StreamFlowNode node = StreamFlowNode.launch(setup.apply(PerfNodes.ipcNode(dir)));
            StreamFlowClient client = clients.connect(node))
        {
            return load.run(node, client);
        }
        finally
        {
            IoUtil.delete(dir, true);
        }
    }
}
