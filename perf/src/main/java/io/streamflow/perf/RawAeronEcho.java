package io.streamflow.perf;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.streamflow.sequencer.NodeConfiguration;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.streamflow.client.EgressListener;
import io.streamflow.client.load.LoadTarget;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The transport's floor: a bare Aeron ping-pong with the same shape as a StreamFlow node in SHARED mode. One thread
 * runs the embedded media driver (INVOKER mode), its Aeron client conductor and an echo of every ping; the load side
 * runs its own client on its own thread. Driven by the same {@code LoadGenerator} as StreamFlow.
 * <p>
 * Over IPC both sides share the echo's media driver, as an IPC client of a node does. Over UDP the load side has a
 * media driver of its own, invoked on its thread, and pings and pongs cross the loopback interface, as a UDP client
 * of a node does.
 */
final class RawAeronEcho implements LoadTarget, AutoCloseable
{
    private static final int PING_STREAM_ID = 2001;
    private static final int PONG_STREAM_ID = 2002;

    private final MediaDriver driver;
    private final MediaDriver loadDriver;
    private final AgentInvoker loadDriverInvoker;
    private final Aeron echoAeron;
    private final AgentRunner echoRunner;
    private final Aeron aeron;
    private final AgentInvoker conductor;
    private final ExclusivePublication ping;
    private final Subscription pong;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final FragmentHandler pongHandler = this::onPong;
    private EgressListener listener;
    private long nextSequence;

    RawAeronEcho(final IdleStrategy echoIdleStrategy)
    {
        this(echoIdleStrategy, false);
    }

    RawAeronEcho(final IdleStrategy echoIdleStrategy, final boolean udp)
    {
        final String dir = PerfNodes.freshAeronDir("echo");
        final String pingChannel = udp ? "aeron:udp?endpoint=localhost:" + PerfNodes.freeUdpPort() : "aeron:ipc";
        final String pongChannel = udp ? "aeron:udp?endpoint=localhost:" + PerfNodes.freeUdpPort() : "aeron:ipc";
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.INVOKER)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .ipcTermBufferLength(8 * 1024 * 1024));
        echoAeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(dir)
            .useConductorAgentInvoker(true)
            .driverAgentInvoker(driver.sharedAgentInvoker()));
        final Subscription echoIn = echoAeron.addSubscription(pingChannel, PING_STREAM_ID);
        final ExclusivePublication echoOut = echoAeron.addExclusivePublication(pongChannel, PONG_STREAM_ID);

        echoRunner = new AgentRunner(echoIdleStrategy, Throwable::printStackTrace, null,
            new EchoAgent(driver.sharedAgentInvoker(), echoAeron.conductorAgentInvoker(), echoIn, echoOut));
        AgentRunner.startOnThread(echoRunner);

        final String loadDir = udp ? PerfNodes.freshAeronDir("echo-load") : dir;
        loadDriver = udp ? MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(loadDir)
            .threadingMode(ThreadingMode.INVOKER)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)) : null;
        loadDriverInvoker = null == loadDriver ? null : loadDriver.sharedAgentInvoker();
        final Aeron.Context loadCtx = new Aeron.Context().aeronDirectoryName(loadDir).useConductorAgentInvoker(true);
        if (null != loadDriverInvoker)
        {
            loadCtx.driverAgentInvoker(loadDriverInvoker);
        }
        aeron = Aeron.connect(loadCtx);
        conductor = aeron.conductorAgentInvoker();
        ping = aeron.addExclusivePublication(pingChannel, PING_STREAM_ID);
        pong = aeron.addSubscription(pongChannel, PONG_STREAM_ID);
        final long deadlineNs = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!ping.isConnected() || pong.hasNoImages())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                close();
                throw new IllegalStateException("raw Aeron echo did not connect over " + pingChannel);
            }
            invokeLoadSide();
            Thread.yield();
        }
    }

    /**
     * {@inheritDoc}
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * {@inheritDoc}
     */
    public long offer(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final long sendTimeNs)
    {
        final long result = ping.offer(sendBuffer, 0, EchoPings.encode(
            sendBuffer, nextSequence, key, keyOffset, keyLength, payload, payloadOffset, payloadLength));
        return result < 0 ? result : nextSequence++;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        this.listener = listener;
        return invokeLoadSide() + pong.poll(pongHandler, fragmentLimit);
    }

    private void onPong(
        final DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header header)
    {
        EchoPings.onPong(listener, buffer, offset);
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.closeAll(aeron, loadDriver, echoRunner, echoAeron, driver);
    }

    private int invokeLoadSide()
    {
        return (null == loadDriverInvoker ? 0 : loadDriverInvoker.invoke()) + conductor.invoke();
    }

    private static final class EchoAgent implements Agent
    {
        private final AgentInvoker driver;
        private final AgentInvoker conductor;
        private final Subscription in;
        private final ExclusivePublication out;
        private final FragmentAssembler echo;

        EchoAgent(final AgentInvoker driver, final AgentInvoker conductor, final Subscription in,
            final ExclusivePublication out)
        {
            this.driver = driver;
            this.conductor = conductor;
            this.in = in;
            this.out = out;
            this.echo = new FragmentAssembler((buffer, offset, length, header) ->
            {
                while (out.offer(buffer, offset, length) < 0)
                {
                    driver.invoke();
                }
            });
        }

        public void onStart()
        {
            // The echo stands where the node's thread would: on the node's CPU when one is configured.
            final int cpu = NodeConfiguration.cpu(NodeConfiguration.SEQUENCER_CPU_PROP_NAME);
            if (cpu >= 0)
            {
                net.openhft.affinity.Affinity.setAffinity(cpu);
            }
        }

        public int doWork()
        {
            return driver.invoke() + conductor.invoke() + in.poll(echo, 256);
        }

        public String roleName()
        {
            return "raw-aeron-echo";
        }
    }
}
