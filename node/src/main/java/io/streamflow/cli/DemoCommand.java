package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import io.streamflow.sequencer.StreamFlowNode;
import org.agrona.IoUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code streamflow demo}: a node and a client in one JVM, an open-loop load over IPC, and its latency report.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Start a node (embedded media driver, sequencer, journal) and a client in this JVM, send records at a fixed",
        "rate over Aeron IPC, and print counts, throughput and round-trip latency percentiles."
    })
final class DemoCommand extends ToolCommand implements Callable<Integer>
{
    @Option(names = "--dir", description = "Node directory to keep. Default: a temporary one, deleted afterwards.")
    File dir;

    @Mixin
    LoadOptions load;

    @Mixin
    NodeOptions nodeOptions;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final boolean temporary = null == dir;
        final File nodeDir = temporary ? Files.createTempDirectory("streamflow-demo").toFile() : dir;
        final StreamFlowNode.Context ctx = nodeOptions.applyTo(new StreamFlowNode.Context().dir(nodeDir));
        if (!spec.commandLine().getParseResult().hasMatchedOption("--aeron-dir"))
        {
            ctx.aeronDirectoryName(new File(TempDirs.sharedMemoryOrTemp(),
                "streamflow-demo-" + ProcessHandle.current().pid() + "-" +
                ThreadLocalRandom.current().nextInt(1 << 20)).getPath());
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--udp"))
        {
            ctx.ingressUdpEndpoint("");
        }

        final LoadGenerator.Result result;
        try (StreamFlowNode node = StreamFlowNode.launch(ctx);
            StreamFlowClient client = StreamFlowClient.connect(new StreamFlowClient.Context()
                .aeronDirectoryName(node.context().aeronDirectoryName())))
        {
            result = LoadGenerator.run(client, load.settings());
        }
        finally
        {
            if (temporary)
            {
                IoUtil.delete(nodeDir, true);
            }
        }

        final String threading = ctx.threadingMode() + " threading, idle " + ctx.idleStrategy();
        if (load.json)
        {
            final Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("transport", "ipc");
            extra.put("offered_rate_per_s", load.rate);
            extra.put("payload_bytes", load.payloadLength);
            extra.put("threading_mode", ctx.threadingMode().name());
            extra.put("idle_strategy", ctx.idleStrategy());
            extra.put("journal", "chronicle-queue");
            out().println(LoadReport.json(result, extra));
        }
        else
        {
            LoadReport.printText(out(), "StreamFlow demo: " + load.describe("Aeron IPC") + "; node " +
                threading + ", journal on", result);
        }

        return 0 == result.unanswered() && 0 == result.sendFailures() ? 0 : 1;
    }
}
