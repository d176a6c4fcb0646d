package io.streamflow.perf;

import io.aeron.CommonContext;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.operators.Operator;
import io.streamflow.pipelines.StandardOperator;
import io.streamflow.sequencer.StreamFlowNode;
import org.agrona.concurrent.AgentInvoker;

import java.io.File;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Nodes and clients for benchmarks: private media driver directories, IPC only, operator snapshot at close only.
 */
final class PerfNodes
{
    private PerfNodes()
    {
    }

    static String freshAeronDir(final String name)
    {
        final File shm = new File("/dev/shm");
        final File base = shm.isDirectory() ? shm : new File(System.getProperty("java.io.tmpdir"));
        return new File(base, "streamflow-perf-" + name + "-" + ProcessHandle.current().pid() + "-" +
            ThreadLocalRandom.current().nextInt(1 << 20)).getPath();
    }

    static StreamFlowNode.Context ipcNode(final File dir)
    {
        return new StreamFlowNode.Context()
            .dir(dir)
            .operator(standardOperator())
            .aeronDirectoryName(freshAeronDir("node"))
            .ingressUdpEndpoint("")
            .outputChannel(CommonContext.IPC_CHANNEL)
            .snapshotInterval(0);
    }

    /**
     * @param pipelines names of shipped pipelines to run.
     * @return the operator the command line's node runs: the matcher, and these pipelines over the default streams.
     */
    static Operator standardOperator(final String... pipelines)
    {
        return new StandardOperator.Context().pipelines(List.of(pipelines)).newOperator();
    }

    /**
     * @return a UDP port on localhost that was free a moment ago.
     */
    static int freeUdpPort()
    {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0,
            java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    static StreamFlowClient client(final StreamFlowNode node)
    {
        return StreamFlowClient.connect(new StreamFlowClient.Context()
            .aeronDirectoryName(node.context().aeronDirectoryName())
            .outputChannel(node.context().outputChannel()));
    }

    /**
     * Connect a client to a node in INVOKER mode: the connect needs the node's duty cycle, run here meanwhile.
     */
    static StreamFlowClient clientInLockStep(final StreamFlowNode node) throws Exception
    {
        return inLockStep(node, () -> client(node));
    }

    /**
     * Do what waits on the media driver (connect, subscribe) for a node in INVOKER mode, whose duty cycle (and so its
     * driver's) is run here meanwhile.
     */
    static <T> T inLockStep(final StreamFlowNode node, final Supplier<T> action) throws Exception
    {
        final AgentInvoker invoker = node.invoker();
        final CompletableFuture<T> result = CompletableFuture.supplyAsync(action);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!result.isDone() && System.nanoTime() - deadlineNs < 0)
        {
            invoker.invoke();
        }
        return result.get(1, TimeUnit.SECONDS);
    }
}
