package io.streamflow.cli;

import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.LoadGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code streamflow load}: the demo's client against a node running in another process.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
        "Send records at a fixed rate to a running node (UDP by default, or --ipc) and print counts, throughput and",
        "round-trip latency percentiles, as the demo does."
    })
final class LoadCommand extends ToolCommand implements Callable<Integer>
{
    @Mixin
    LoadOptions load;

    @Mixin
    ClientOptions clientOptions;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        final LoadGenerator.Result result;
        try (StreamFlowClient client = clientOptions.connect())
        {
            result = LoadGenerator.run(client, load.settings());
        }

        final String transport = clientOptions.ipc ? "Aeron IPC" : "Aeron UDP to " + clientOptions.endpoint;
        if (load.json)
        {
            final Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("transport", clientOptions.ipc ? "ipc" : "udp");
            extra.put("offered_rate_per_s", load.rate);
            extra.put("payload_bytes", load.payloadLength);
            out().println(LoadReport.json(result, extra));
        }
        else
        {
            LoadReport.printText(out(), "StreamFlow load: " + load.describe(transport), result);
        }

        return 0 == result.unanswered() && 0 == result.sendFailures() ? 0 : 1;
    }
}
