package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.client.load.OrderMix;
import io.streamflow.client.load.OrderTarget;
import io.streamflow.gateway.fix.FixGateway;
import io.streamflow.gateway.fix.FixSessionSpec;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.pipelines.TelemetryPipeline;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sequencer.StreamFlowNode;
import org.agrona.IoUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamflow demo}: a node and a client in one JVM, an open-loop load over IPC, and its latency report.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Start a node (embedded media driver, sequencer, journal) and a client in this JVM, send records (or, with",
        "--workload orders, an order mix to the matcher) at a fixed rate over Aeron IPC, and print counts,",
        "throughput and round-trip latency percentiles."
    })
final class DemoCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--dir", description = "Node directory to keep. Default: a temporary one, deleted afterwards.")
    File dir;

    private static final long FIX_RATE = 5_000;
    private static final long FIX_COUNT = 50_000;
    private static final long FIX_CLIENT_ID = 777;

    @Option(names = "--workload", description = "records (the default); orders: GTC limits near the touch, " +
        "cancels, IOC and market orders over " + OrderMix.ACCOUNTS + " accounts, the round trip to the first " +
        "execution report; telemetry: sensor readings through the telemetry pipeline, the round trip to the ack, " +
        "and per-window aggregates back with their watermark lag; fix: NewOrderSingles from a QuickFIX/J client " +
        "through the FIX gateway (Artio, in this process), the round trip to the ExecutionReport New (default " +
        "5,000/s, 50,000 orders).")
    String workload = "records";

    @Option(names = "--cluster", description = "Run the demo through a cluster instead: " + ClusterDemo.MEMBERS +
        " members on loopback, each its own process (cluster-node) on DIR/node-N, and a client that follows the " +
        "leader. Records or orders; defaults then 50,000 at 5,000/s after 5,000 to warm up.")
    boolean cluster;

    @Option(names = "--kill-leader-after", description = "With --cluster: SIGKILL the leader's process this many " +
        "seconds after the first acknowledgement (warm-up included), and report the new leader, the time without " +
        "acks and the acknowledged records missing afterwards (which must be 0); the killed member is restarted.")
    double killLeaderAfterSeconds;

    @Mixin
    LoadOptions load;

    @Mixin
    NodeOptions nodeOptions;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        if (cluster)
        {
            return runCluster();
        }
        if (killLeaderAfterSeconds > 0)
        {
            throw new IllegalArgumentException("--kill-leader-after needs --cluster");
        }
        final boolean temporary = null == dir;
        final File nodeDir = temporary ? Files.createTempDirectory("streamflow-demo").toFile() : dir;
        final StreamFlowNode.Context ctx = nodeOptions.applyTo(new StreamFlowNode.Context().dir(nodeDir));
        if (!spec.commandLine().getParseResult().hasMatchedOption("--aeron-dir"))
        {
            ctx.aeronDirectoryName(TempDirs.newDriverDir("streamflow-demo").getPath());
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--udp"))
        {
            ctx.ingressUdpEndpoint("");
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--output-channel"))
        {
            ctx.outputChannel("aeron:ipc");
        }
        final boolean orders = "orders".equals(workload);
        final boolean telemetry = "telemetry".equals(workload);
        final boolean fix = "fix".equals(workload);
        if (!orders && !telemetry && !fix && !"records".equals(workload))
        {
            throw new IllegalArgumentException("--workload must be records, orders, telemetry or fix: " + workload);
        }
        if (fix)
        {
            // FIX clients take thousands of orders a second, not a hundred thousand: a rate the path sustains.
            if (!spec.commandLine().getParseResult().hasMatchedOption("--rate"))
            {
                load.rate = FIX_RATE;
            }
            if (!spec.commandLine().getParseResult().hasMatchedOption("--count"))
            {
                load.count = FIX_COUNT;
            }
        }
        final StandardOperator.Context operator = nodeOptions.operatorContext(ctx);
        if (telemetry && !operator.pipelines().contains(TelemetryPipeline.NAME))
        {
            final List<String> pipelines = new ArrayList<>(operator.pipelines());
            pipelines.add(TelemetryPipeline.NAME);
            operator.pipelines(pipelines);
        }
        ctx.operator(operator.newOperator());

        final LoadGenerator.Result result;
        OrderTarget orderTarget = null;
        TelemetryTarget telemetryTarget = null;
        try (StreamFlowNode node = StreamFlowNode.launch(ctx))
        {
            if (fix)
            {
                // The FIX client is the demo's only client: no Aeron client of its own to keep alive meanwhile.
                result = runFix(node, operator.instruments().get(0).instrumentId(), nodeDir);
            }
            else
            {
                try (StreamFlowClient client = StreamFlowClient.connect(new StreamFlowClient.Context()
                    .aeronDirectoryName(node.context().aeronDirectoryName())
                    .outputChannel(ctx.outputChannel())))
                {
                    if (orders)
                    {
                        orderTarget = new OrderTarget(client, operator.instruments().get(0).instrumentId(),
                            client.subscribeOutput(ProtocolDefaults.MARKET_DATA_STREAM_ID), 42);
                        result = LoadGenerator.run(orderTarget, load.settings());
                    }
                    else if (telemetry)
                    {
                        telemetryTarget = new TelemetryTarget(client,
                            node.context().streamCatalog().resolve(TelemetryPipeline.INPUT_STREAM),
                            client.subscribeOutput(TelemetryPipeline.OUTPUT_STREAM_ID));
                        result = LoadGenerator.run(telemetryTarget, load.settings());
                    }
                    else
                    {
                        result = LoadGenerator.run(client, load.settings());
                    }
                }
            }
        }
        finally
        {
            if (temporary)
            {
                IoUtil.delete(nodeDir, true);
            }
        }

        final String senderWait = load.senderWait().name().toLowerCase(Locale.ROOT);
        final String threading = ctx.threadingMode() + " threading, idle " + ctx.idleStrategy() +
            (ctx.sequencerCpu() >= 0 ? " on cpu " + ctx.sequencerCpu() : "") + "; sender " + senderWait +
            "s while it waits";
        if (load.json)
        {
            final Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("transport", fix ? "fix-over-tcp, then ipc" : "ipc");
            extra.put("offered_rate_per_s", load.rate);
            extra.put("payload_bytes", load.payloadLength);
            extra.put("threading_mode", ctx.threadingMode().name());
            extra.put("idle_strategy", ctx.idleStrategy());
            extra.put("sender_wait", senderWait);
            extra.put("journal", "chronicle-queue");
            extra.put("workload", workload);
            if (null != orderTarget)
            {
                extra.put("trades", orderTarget.trades());
                extra.put("fills", orderTarget.fills());
            }
            if (null != telemetryTarget)
            {
                extra.put("windows", telemetryTarget.windowCount());
                extra.put("watermark_lag_ms", LoadReport.percentilesMs(telemetryTarget.watermarkLagNs()));
            }
            out().println(LoadReport.json(result, extra));
        }
        else
        {
            LoadReport.printText(out(), "StreamFlow demo: " + (orders ?
                load.describe("order commands to the matcher", "Aeron IPC") : fix ?
                load.describe("NewOrderSingles from a QuickFIX/J client to the matcher", "FIX 4.4 through the FIX " +
                "gateway (TCP loopback, then Aeron IPC)") + "; round trip to the order's ExecutionReport New" :
                telemetry ?
                load.describe("sensor readings to the telemetry pipeline", "Aeron IPC") : load.describe("Aeron IPC")) +
                "; node " + threading + "; journal on", result);
            if (null != orderTarget)
            {
                out().printf(Locale.ROOT, "trades %,d on the market-data stream (%,d fill reports)%n",
                    orderTarget.trades(), orderTarget.fills());
            }
            if (null != telemetryTarget)
            {
                out().printf(Locale.ROOT, "window results %,d (%d devices x %d metrics, 1 s windows); watermark lag, " +
                    "ms (window end to its result arriving; event time trails by up to %d ms, bound %d ms):%n",
                    telemetryTarget.windowCount(), TelemetryTarget.DEVICES, TelemetryTarget.METRICS,
                    TimeUnit.NANOSECONDS.toMillis(TelemetryTarget.MAX_DISORDER_NS),
                    TimeUnit.NANOSECONDS.toMillis(TelemetryPipeline.MAX_OUT_OF_ORDERNESS_NS));
                out().println("  " + LoadReport.percentilesMsText(telemetryTarget.watermarkLagNs()));
                out().println("last window results:");
                telemetryTarget.lastWindows().forEach((w) -> out().println("  " + w));
            }
        }

        return 0 == result.unanswered() && 0 == result.sendFailures() ? 0 : 1;
    }

    private LoadGenerator.Result runFix(final StreamFlowNode node, final int instrumentId, final File nodeDir)
    {
        final FixGateway.Context gateway = new FixGateway.Context()
            .bindAddress("127.0.0.1")
            .port(FixOrderClient.freePort())
            .stateDirectory(new File(nodeDir, "fix-gateway"))
            .aeronDirectoryName(node.context().aeronDirectoryName())
            .session(new FixSessionSpec("DEMO", FIX_CLIENT_ID, 1));
        gateway.instruments().add("DEMO", instrumentId, new BigDecimal("0.01"));
        try (FixGateway running = FixGateway.launch(gateway);
            FixOrderClient client = new FixOrderClient(running.context().port(), "DEMO", running.context().compId(),
                null, null, "DEMO"))
        {
            return LoadGenerator.run(client, load.settings());
        }
        catch (final quickfix.ConfigError ex)
        {
            throw new IllegalStateException("QuickFIX/J refused the demo client's settings: " + ex.getMessage(), ex);
        }
    }

    private Integer runCluster() throws IOException
    {
        final boolean orders = "orders".equals(workload);
        if (!orders && !"records".equals(workload))
        {
            throw new IllegalArgumentException("--cluster runs the records or the orders workload: " + workload);
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--rate"))
        {
            load.rate = 5_000;
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--count"))
        {
            load.count = 50_000;
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--warmup"))
        {
            load.warmup = 5_000L;
        }
        final boolean temporary = null == dir;
        final File clusterDir = temporary ? Files.createTempDirectory("streamflow-demo-cluster").toFile() : dir;
        try
        {
            return new ClusterDemo(out(), err()).run(clusterDir, load, orders, killLeaderAfterSeconds);
        }
        finally
        {
            if (temporary)
            {
                IoUtil.delete(clusterDir, true);
            }
        }
    }
}
