package io.streamflow.cli;

import io.streamflow.engine.EngineConfiguration;
import io.streamflow.engine.Principals;
import io.streamflow.protocol.StreamCatalog;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sequencer.NodeConfiguration;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.ThreadingMode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.List;

/**
 * Options that configure a node, shared by {@code node} and {@code demo}. Each defaults to the node's configured
 * default (system property or built-in).
 */
final class NodeOptions
{
    @Option(names = "--aeron-dir",
        description = "Media driver directory (IPC clients connect here). Default: ${DEFAULT-VALUE}")
    String aeronDir = NodeConfiguration.AERON_DIR_DEFAULT;

    @Option(names = "--udp", description = "UDP ingress endpoint host:port, or 'none'. Default: ${DEFAULT-VALUE}")
    String udpEndpoint = NodeConfiguration.INGRESS_UDP_ENDPOINT_DEFAULT;

    @Option(names = "--no-ipc", description = "Take no ingress on Aeron IPC.")
    boolean noIpc;

    @Option(names = "--threading-mode",
        description = "SHARED (one thread, the default) or DEDICATED (a thread per stage).")
    ThreadingMode threadingMode;

    @Option(names = "--idle-strategy",
        description = "Idle strategy of the node threads: noop, spin, yield, backoff, sleep-ns, or a class name.")
    String idleStrategy;

    @Option(names = "--cpu", description = "CPU to pin the sequencer (SHARED: the node) thread to.")
    Integer cpu;

    @Option(names = "--streams", description = "Streams as name=id,... Default: " + EngineConfiguration.STREAMS_DEFAULT)
    String streams;

    @Option(names = "--ring-size", description = "Slots in the pipeline ring, a power of two.")
    Integer ringSize;

    @Option(names = "--output-channel", description = "Aeron channel of the output streams (market data), or " +
        "'none'. Default: ${DEFAULT-VALUE}")
    String outputChannel = NodeConfiguration.OUTPUT_CHANNEL_DEFAULT;

    @Option(names = "--snapshot-interval", description = "Commands between operator snapshots, 0 for one at " +
        "shutdown only. Default: " + EngineConfiguration.SNAPSHOT_INTERVAL_DEFAULT)
    Long snapshotInterval;

    @Option(names = "--sync-journal", description = "Sync each batch of journal entries to the storage device " +
        "before acknowledging it: what was acknowledged then survives a power failure, at the cost of an fsync per " +
        "batch. Default: entries survive the node being killed, and reach the device as the kernel writes them back.")
    boolean syncJournal;

    @Option(names = "--pipelines", split = ",", description = "Pipelines to run over the records of their streams, " +
        "by name (see 'streamflow pipelines'), e.g. nexmark-q5,telemetry.")
    List<String> pipelines;

    @Option(names = "--credentials", description = "Credentials file (see 'streamflow credentials'): clients must " +
        "authenticate, and act only for their own client ids and accounts. Default: none, the node is open.")
    File credentials;

    @Option(names = "--replay-journal", description = "Ignore the snapshots and rebuild the state from the whole " +
        "journal: gives a pipeline added with --pipelines the history (the journal must start at sequence 0). " +
        "Without it an added pipeline starts empty and a removed one's state is dropped, both logged.")
    boolean replayJournal;

    @Mixin
    MatcherOptions matcher;

    /**
     * The node's front door and engine settings; the operator is {@link #operatorContext}'s, which the caller may
     * add to first.
     */
    StreamFlowNode.Context applyTo(final StreamFlowNode.Context ctx)
    {
        if (null != credentials)
        {
            ctx.principals(Principals.load(credentials));
        }
        ctx.engineContext().replayWholeJournal(replayJournal);
        if (syncJournal)
        {
            ctx.journalSync(true);
        }
        if (null != snapshotInterval)
        {
            ctx.snapshotInterval(snapshotInterval);
        }
        ctx.outputChannel("none".equals(outputChannel) ? "" : outputChannel);
        ctx.aeronDirectoryName(aeronDir).ingressUdpEndpoint("none".equals(udpEndpoint) ? "" : udpEndpoint);
        if (noIpc)
        {
            ctx.ingressIpc(false);
        }
        if (null != threadingMode)
        {
            if (ThreadingMode.INVOKER == threadingMode)
            {
                throw new IllegalArgumentException("--threading-mode INVOKER is for embedding a node in a program " +
                    "that runs its duty cycle; use SHARED or DEDICATED");
            }
            ctx.threadingMode(threadingMode);
        }
        if (null != idleStrategy)
        {
            ctx.idleStrategy(idleStrategy);
        }
        if (null != cpu)
        {
            ctx.sequencerCpu(cpu);
        }
        if (null != streams)
        {
            ctx.streams(streams);
        }
        if (null != ringSize)
        {
            ctx.ringSize(ringSize);
        }
        return ctx;
    }

    /**
     * @param ctx of the node, its streams already set.
     * @return the standard operator as the options give it: the matcher's instruments and capacity, the pipelines,
     * over the node's streams.
     */
    StandardOperator.Context operatorContext(final StreamFlowNode.Context ctx)
    {
        final StandardOperator.Context operator = matcher.applyTo(new StandardOperator.Context())
            .streamIdsByName(StreamCatalog.parse(ctx.engineContext().streams()).idsByName());
        if (null != pipelines)
        {
            operator.pipelines(pipelines);
        }
        return operator;
    }
}
