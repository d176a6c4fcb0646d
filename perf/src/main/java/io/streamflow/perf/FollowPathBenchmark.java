package io.streamflow.perf;

import io.streamflow.client.EgressListener;
import io.streamflow.client.FollowListener;
import io.streamflow.client.LogFollower;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.sbe.FollowFrom;
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
import java.util.concurrent.TimeUnit;

/**
 * A record from its producer to a consumer that follows its stream live from the node's log server, in lock step on
 * one thread (INVOKER mode: the log server runs in the node's duty cycle):
 * <pre>
 *   client.offer -&gt; sequencer -&gt; ring -&gt; journal -&gt; ... ; log server: journal reader -&gt; [driver] -&gt;
 *   follower.poll
 * </pre>
 * Time per record, beside {@link SequencerPathBenchmark#roundTrip} (to the producer's ack). Run with
 * {@code -prof gc}: steady state must allocate 0 B/op, the log server's reading and sending included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FollowPathBenchmark implements EgressListener
{
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
    private long followed;
    private final FollowListener counter = (record) -> followed++;
    private File dir;
    private StreamFlowNode node;
    private AgentInvoker invoker;
    private StreamFlowClient client;
    private LogFollower follower;

    /**
     * Start a node in INVOKER mode, connect a client, and follow stream 1 from the latest record until live.
     *
     * @throws Exception if it cannot start or the follow does not go live.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        dir = Files.createTempDirectory("streamflow-jmh").toFile();
        node = StreamFlowNode.launch(PerfNodes.ipcNode(dir).threadingMode(ThreadingMode.INVOKER));
        invoker = node.invoker();
        client = PerfNodes.clientInLockStep(node);
        follower = PerfNodes.inLockStep(node, () -> client.follow(1, 0, FollowFrom.LATEST, 0));
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (LogFollower.State.LIVE != follower.state() && System.nanoTime() - deadlineNs < 0)
        {
            invoker.invoke();
            follower.poll(counter, 16);
        }
        if (LogFollower.State.LIVE != follower.state())
        {
            throw new IllegalStateException("the follow did not go live: " + follower.state());
        }
    }

    /**
     * Close everything and delete the journal.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        CloseHelper.closeAll(follower, client, node);
        IoUtil.delete(dir, true);
    }

    /**
     * @return records followed so far, so the work is not dead code.
     */
    @Benchmark
    public long followRoundTrip()
    {
        final long target = followed + 1;
        while (client.offerRecord(1, followed, key, 0, 8, payload, 0, payload.capacity()) < 0)
        {
            invoker.invoke();
            client.poll(this, 16);
        }
        while (followed < target)
        {
            invoker.invoke();
            client.poll(this, 16);
            follower.poll(counter, 16);
        }
        return followed;
    }

    /**
     * {@inheritDoc}
     */
    public void onAck(
        final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onReject(
        final long clientSequence, final RejectReason reason, final int rejectedTemplateId, final String detail)
    {
        throw new IllegalStateException("rejected: " + reason);
    }
}
