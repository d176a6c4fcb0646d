package io.streamflow.perf;

import io.streamflow.client.EgressListener;
import io.streamflow.gateway.BinaryGateway;
import io.streamflow.sbe.RejectReason;
import io.streamflow.sequencer.StreamFlowNode;
import io.streamflow.sequencer.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A record through the binary gateway in lock step on one thread: the TCP client's frame, the gateway's read and its
 * offer to the node over IPC, the node's whole path (INVOKER mode), the ack back over IPC, the gateway's write, the
 * client's read of the ack frame. Loopback TCP crosses the kernel, so the time is mostly its; the point is the
 * allocation: run with {@code -prof gc}, steady state must allocate 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GatewayPathBenchmark implements EgressListener
{
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
    private File dir;
    private StreamFlowNode node;
    private AgentInvoker invoker;
    private BinaryGateway gateway;
    private GatewayTarget target;
    private long answers;

    /**
     * Start a node in INVOKER mode, a gateway in front of it driven here, and log a TCP client on through it.
     *
     * @throws Exception if it cannot start.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        dir = Files.createTempDirectory("streamflow-jmh-gateway").toFile();
        node = StreamFlowNode.launch(PerfNodes.ipcNode(dir).threadingMode(ThreadingMode.INVOKER));
        invoker = node.invoker();
        gateway = PerfNodes.inLockStep(node, () -> BinaryGateway.open(new BinaryGateway.Context()
            .port(0)
            .bindAddress("127.0.0.1")
            .aeronDirectoryName(node.context().aeronDirectoryName())));
        final int port = gateway.port();
        final CompletableFuture<GatewayTarget> connected = CompletableFuture.supplyAsync(
            () -> new GatewayTarget(port, 91, 1));
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!connected.isDone() && System.nanoTime() - deadlineNs < 0)
        {
            step();
        }
        target = connected.get(1, TimeUnit.SECONDS);
    }

    /**
     * Close everything and delete the journal.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        CloseHelper.closeAll(target, gateway, node);
        IoUtil.delete(dir, true);
    }

    /**
     * @return answers so far, so the work is not dead code.
     * @throws Exception if the gateway fails.
     */
    @Benchmark
    public long roundTrip() throws Exception
    {
        final long expected = answers + 1;
        while (target.offer(key, 0, key.capacity(), payload, 0, payload.capacity(), 0) < 0)
        {
            step();
        }
        while (answers < expected)
        {
            step();
            target.poll(this, 16);
        }
        return answers;
    }

    private void step()
    {
        invoker.invoke();
        try
        {
            gateway.doWork();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onAck(final long clientSequence, final long engineSequence, final long timestampNs,
        final boolean duplicate)
    {
        answers++;
    }

    /**
     * {@inheritDoc}
     */
    public void onReject(final long clientSequence, final RejectReason reason, final int rejectedTemplateId,
        final String detail)
    {
        throw new IllegalStateException("rejected: " + reason);
    }
}
