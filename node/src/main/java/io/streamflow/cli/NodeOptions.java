package io.streamflow.cli;

import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sequencer.NodeConfiguration;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.ThreadingMode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options that configure a standalone node, shared by {@code node} and {@code demo}: its front door (media driver,
 * ingress, output channel, threads) and its engine ({@link EngineOptions}). Each defaults to the node's configured
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

    @Option(names = "--output-channel", description = "Aeron channel of the output streams (market data), or " +
        "'none'. Default: ${DEFAULT-VALUE}")
    String outputChannel = NodeConfiguration.OUTPUT_CHANNEL_DEFAULT;

    @Option(names = "--replay-journal", description = "Ignore the snapshots and rebuild the state from the whole " +
        "journal: gives a pipeline added with --pipelines the history (the journal must start at sequence 0). " +
        "Without it an added pipeline starts empty and a removed one's state is dropped, both logged.")
    boolean replayJournal;

    @Mixin
    EngineOptions engine;

    /**
     * The node's front door and engine settings; the operator is {@link #operatorContext}'s, which the caller may
     * add to first.
     */
    StreamFlowNode.Context applyTo(final StreamFlowNode.Context ctx)
    {
        engine.applyTo(ctx.engineContext()).replayWholeJournal(replayJournal);
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
        return ctx;
    }

    /**
     * @param ctx of the node, its streams already set.
     * @return the standard operator as the options give it: the matcher's instruments and capacity, the pipelines,
     * over the node's streams.
     */
    StandardOperator.Context operatorContext(final StreamFlowNode.Context ctx)
    {
        return engine.operatorContext(ctx.engineContext());
    }
}
