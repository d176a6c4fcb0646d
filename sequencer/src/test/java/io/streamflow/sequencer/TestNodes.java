package io.streamflow.sequencer;

import io.aeron.CommonContext;
import io.streamflow.client.StreamFlowClient;
import io.streamflow.pipelines.StandardOperator;
import org.agrona.IoUtil;

import java.io.File;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts nodes and clients for tests: a private media driver directory per node, UDP ingress on an ephemeral port,
 * output streams on IPC (no fixed port: the suite passes while another node runs on this machine), the standard
 * operator, the threading mode the build runs the suite in ({@code -Dstreamflow.threading.mode}), and the node's
 * error log checked when the test ends ({@link ErrorLogCheck}).
 */
public final class TestNodes
{
    private TestNodes()
    {
    }

    /**
     * @param dir node directory, private to the test.
     * @return the context of a node for a test.
     */
    public static StreamFlowNode.Context context(final File dir)
    {
        ErrorLogCheck.watch(dir);
        return new StreamFlowNode.Context()
            .dir(dir)
            .aeronDirectoryName(aeronDirFor(dir))
            .ingressUdpEndpoint("localhost:0")
            .outputChannel(CommonContext.IPC_CHANNEL)
            .operator(standardOperator())
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(5));
    }

    /**
     * @param pipelines names of shipped pipelines to run over the records of their streams.
     * @return the operator a node runs by default (the matcher, and these pipelines), over the default streams.
     */
    public static StandardOperator standardOperator(final String... pipelines)
    {
        return new StandardOperator.Context().pipelines(List.of(pipelines)).newOperator();
    }

    /**
     * @param dir node directory.
     * @return a media driver directory of the node's own, deleted after the test if still there.
     */
    public static String aeronDirFor(final File dir)
    {
        final File shm = new File("/dev/shm");
        final File base = shm.isDirectory() ? shm : new File(System.getProperty("java.io.tmpdir"));
        final File aeronDir = new File(base,
            "streamflow-test-" + dir.getName() + "-" + ThreadLocalRandom.current().nextInt(1 << 30));
        AeronDirCleanup.track(aeronDir);
        return aeronDir.getPath();
    }

    /**
     * @param node     to connect to.
     * @param clientId of the client.
     * @return a client of the node over IPC, subscribing to its output streams over IPC too.
     */
    public static StreamFlowClient ipcClient(final StreamFlowNode node, final long clientId)
    {
        final StreamFlowClient.Context ctx = new StreamFlowClient.Context()
            .aeronDirectoryName(node.context().aeronDirectoryName())
            .clientId(clientId);
        if (node.context().outputChannel().startsWith("aeron:ipc"))
        {
            ctx.outputChannel(node.context().outputChannel());
        }
        return StreamFlowClient.connect(ctx);
    }

    static StreamFlowClient udpClient(final StreamFlowNode node, final long clientId, final File clientDriverDir)
    {
        IoUtil.delete(clientDriverDir, true);
        return StreamFlowClient.connect(new StreamFlowClient.Context()
            .embeddedDriver(true)
            .aeronDirectoryName(clientDriverDir.getPath())
            .ingressChannel(node.udpIngressChannel(TimeUnit.SECONDS.toNanos(5)))
            .clientId(clientId));
    }

    /**
     * Wait, with a deadline, for a condition, doing the duty (polling a client, say) meanwhile.
     *
     * @param condition to wait for.
     * @param timeoutMs deadline; the test fails when it passes.
     * @param duty      run between looks.
     * @param what      is awaited, for the failure message.
     */
    public static void await(
        final BooleanSupplier condition, final long timeoutMs, final Runnable duty, final String what)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            duty.run();
            Thread.yield();
        }
    }

    /**
     * Wait for the wall clock to pass into the next second (at most 3 s): the next journal entry of a node with
     * one-second cycles goes to the next cycle file.
     */
    public static void awaitNextSecond()
    {
        final long second = System.currentTimeMillis() / 1000;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.currentTimeMillis() / 1000 == second && System.nanoTime() - deadlineNs < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
