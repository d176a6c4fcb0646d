package io.streamflow.cli;

import io.streamflow.client.load.LoadGenerator;
import picocli.CommandLine.Option;

import java.util.concurrent.TimeUnit;

/**
 * Options of an open-loop load, shared by {@code demo} and {@code load}.
 */
final class LoadOptions
{
    @Option(names = "--count", description = "Records to send. Default: ${DEFAULT-VALUE}")
    long count = 1_000_000;

    @Option(names = "--rate",
        description = "Offered rate in records/s; 0 = as fast as possible. Default: ${DEFAULT-VALUE}")
    long rate = 100_000;

    @Option(names = "--payload", description = "Payload bytes per record. Default: ${DEFAULT-VALUE}")
    int payloadLength = 64;

    @Option(names = "--warmup",
        description = "Records sent first to warm up, at the same rate, not counted. Default: 3 seconds' worth " +
        "(300,000 at --rate 0).")
    Long warmup;

    @Option(names = "--stream", description = "Stream id the records go to. Default: ${DEFAULT-VALUE}")
    int streamId = 1;

    @Option(names = "--max-in-flight", description = "Most records unanswered at once. Default: ${DEFAULT-VALUE}")
    int maxInFlight = 4096;

    @Option(names = "--json", description = "Print one JSON object on stdout and nothing else.")
    boolean json;

    @Option(names = "--answer-timeout", description = "Seconds without an answer, while records wait for one, " +
        "after which the load ends (the node went away). Default: ${DEFAULT-VALUE}")
    double answerTimeoutSeconds = 10;

    @Option(names = "--sender-wait", description = "What the sender does while it waits: spin (the lowest latency " +
        "with a core to itself), yield, or park (no spinning: with a node started --idle-strategy spin --cpu N, the " +
        "latency configuration for small machines). Default: ${DEFAULT-VALUE}")
    String senderWait = "spin";

    LoadGenerator.Settings settings()
    {
        final long warmupCount = null != warmup ? warmup : 3 * (rate > 0 ? rate : 100_000);
        return new LoadGenerator.Settings(
            count, rate, warmupCount, payloadLength, streamId, 1024, maxInFlight,
            (long)(answerTimeoutSeconds * TimeUnit.SECONDS.toNanos(1))).withSenderWait(senderWait());
    }

    LoadGenerator.SenderWait senderWait()
    {
        return LoadGenerator.SenderWait.parse(senderWait);
    }

    String describe(final String transport)
    {
        return describe(String.format(java.util.Locale.ROOT, "records of %d B", payloadLength), transport);
    }

    String describe(final String what, final String transport)
    {
        return String.format(java.util.Locale.ROOT, "%,d %s at %s over %s", count, what,
            rate > 0 ? String.format(java.util.Locale.ROOT, "%,d/s", rate) : "full speed", transport);
    }
}
