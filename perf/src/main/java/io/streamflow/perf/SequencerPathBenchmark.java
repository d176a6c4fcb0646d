package io.streamflow.perf;

import io.streamflow.client.OutputSubscription;
import io.streamflow.client.EgressListener;
import io.aeron.FragmentAssembler;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.client.load.OrderTarget;
import io.streamflow.pipelines.TelemetryPipeline;
import io.streamflow.protocol.ProtocolDefaults;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * The whole sequencer path in lock step on one thread: client encode and Aeron IPC offer, ingress poll and
 * validation, dedup, sequencing, ring, journal append (Chronicle, CRC32C), operator (acknowledging router), egress
 * over Aeron IPC, client decode of the ack. No other thread runs: the node is in INVOKER mode, the media driver is
 * invoked by the node, the client's conductor by the client.
 * <pre>
 *   client.offer -&gt; [driver] -&gt; sequencer -&gt; ring -&gt; journal -&gt; operator -&gt; egress
 *                -&gt; [driver] -&gt; client.poll
 * </pre>
 * {@code roundTrip}: one record at a time, time per record. {@code burst}: 64 records offered, then all 64 acks
 * awaited, time per record: what the path costs when it batches. {@code orderRoundTrip}: one command of the demo's
 * order mix at a time through the matcher ({@link OrderTarget}), to its first execution report, with the market-data
 * stream subscribed and polled. {@code telemetryRoundTrip}: one sensor reading at a time through the telemetry
 * pipeline (a window result every 1,000 readings, on an output stream subscribed and polled), to its ack.
 * <p>
 * Run with {@code -prof gc}: steady state must allocate 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SequencerPathBenchmark implements EgressListener
{
    private static final int BURST = 64;
    private static final int TELEMETRY_STREAM_ID = 2;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
    private File dir;
    private StreamFlowNode node;
    private AgentInvoker invoker;
    private StreamFlowClient client;
    private OrderTarget orders;
    private OutputSubscription telemetryWindows;
    private final UnsafeBuffer reading = new UnsafeBuffer(new byte[TelemetryPipeline.Reading.LENGTH]);
    private long readings;
    private long windows;
    private long answers;
    private final FragmentAssembler windowCounter = new FragmentAssembler((buf, offset, length, header) -> windows++);

    /**
     * Start a node in INVOKER mode with its journal in a temporary directory, and connect a client.
     *
     * @throws Exception if it cannot start.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        dir = Files.createTempDirectory("streamflow-jmh").toFile();
        node = StreamFlowNode.launch(PerfNodes.ipcNode(dir).threadingMode(ThreadingMode.INVOKER)
            .operator(PerfNodes.standardOperator(TelemetryPipeline.NAME)));
        invoker = node.invoker();
        client = PerfNodes.clientInLockStep(node);
        final OutputSubscription marketData = PerfNodes.inLockStep(
            node, () -> client.subscribeOutput(ProtocolDefaults.MARKET_DATA_STREAM_ID));
        orders = new OrderTarget(client, 1, marketData, 42);
        telemetryWindows = PerfNodes.inLockStep(node, () -> client.subscribeOutput(TelemetryPipeline.OUTPUT_STREAM_ID));
    }

    /**
     * Close everything and delete the journal.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        CloseHelper.closeAll(client, node);
        IoUtil.delete(dir, true);
    }

    /**
     * @return answers so far, so the work is not dead code.
     */
    @Benchmark
    public long roundTrip()
    {
        final long target = answers + 1;
        send(0);
        awaitAnswers(target);
        return answers;
    }

    /**
     * @return answers so far, so the work is not dead code.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long burst()
    {
        final long target = answers + BURST;
        for (int i = 0; i < BURST; i++)
        {
            send(i);
        }
        awaitAnswers(target);
        return answers;
    }

    /**
     * @return answers so far, so the work is not dead code.
     */
    @Benchmark
    public long orderRoundTrip()
    {
        final long target = answers + 1;
        while (orders.offer(null, 0, 0, null, 0, 0, 0) < 0)
        {
            invoker.invoke();
            orders.poll(this, 16);
        }
        while (answers < target)
        {
            invoker.invoke();
            orders.poll(this, 16);
        }
        return answers;
    }

    /**
     * @return window results so far, so the work is not dead code.
     */
    @Benchmark
    public long telemetryRoundTrip()
    {
        final long target = answers + 1;
        final long timeNs = 1_700_000_000_000_000_000L + readings * 1_000_000L;
        TelemetryPipeline.Reading.encode(reading, readings % 16, 0, readings % 1000, timeNs);
        while (client.offerRecord(TELEMETRY_STREAM_ID, timeNs, null, 0, 0, reading, 0, reading.capacity()) < 0)
        {
            invoker.invoke();
            client.poll(this, 16);
        }
        readings++;
        while (answers < target)
        {
            invoker.invoke();
            client.poll(this, 16);
            telemetryWindows.poll(windowCounter, 16);
        }
        return windows;
    }

    private void send(final int i)
    {
        key.putLong(0, i);
        while (client.offerRecord(1, i, key, 0, 8, payload, 0, payload.capacity()) < 0)
        {
            invoker.invoke();
            client.poll(this, 16);
        }
    }

    private void awaitAnswers(final long target)
    {
        while (answers < target)
        {
            invoker.invoke();
            client.poll(this, BURST);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onAck(
        final long clientSequence, final long engineSequence, final long timestampNs, final boolean duplicate)
    {
        answers++;
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
