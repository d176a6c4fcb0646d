package io.streamflow.gateway;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.streamflow.protocol.ProtocolDefaults;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The binary gateway: length-prefixed SBE frames of the StreamFlow protocol over TCP ({@link BinaryFrames}), for the
 * clients that do not speak Aeron. A client of the node's Aeron protocol, as any other: each TCP connection gets a
 * session of its own with the node (its {@link BinaryConnection}), authenticated by the node from the credentials of
 * the client's {@code Connect}, and acting for the principal's client ids and accounts only; the gateway translates
 * nothing and decides nothing.
 * <p>
 * Non-blocking I/O on one thread (this agent): a selector accepts the connections, and each duty cycle moves every
 * connection's frames both ways through bounded buffers. A slow client never stalls the node or the other clients: it
 * is disconnected when its outbound buffer fills, and counted ({@link GatewayCounters}).
 */
public final class BinaryGateway implements Agent, AutoCloseable
{
    private static final int FIRST_RESPONSE_STREAM_ID = 0x5300_0000;

    private final Context ctx;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker conductorInvoker;
    private final GatewayCounters counters;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final NanoClock clock;
    private final List<BinaryConnection> connections = new ArrayList<>();
    private final Consumer<SelectionKey> onAcceptable = this::onAcceptable;
    private int nextResponseStreamId = FIRST_RESPONSE_STREAM_ID;
    private AgentRunner runner;

    private BinaryGateway(final Context ctx)
    {
        this.ctx = ctx;
        this.clock = ctx.nanoClock();
        MediaDriver launched = null;
        Aeron connected = null;
        GatewayCounters gatewayCounters = null;
        ServerSocketChannel bound = null;
        Selector opened = null;
        try
        {
            launched = ctx.embeddedDriver() ? MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .threadingMode(ThreadingMode.INVOKER)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)) : null;
            final Aeron.Context aeronCtx = new Aeron.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .useConductorAgentInvoker(true)
                .errorHandler(ctx.errorHandler());
            if (null != launched)
            {
                aeronCtx.driverAgentInvoker(launched.sharedAgentInvoker());
            }
            connected = Aeron.connect(aeronCtx);
            gatewayCounters = new GatewayCounters(connected);
            bound = ServerSocketChannel.open();
            bound.bind(new InetSocketAddress(ctx.bindAddress(), ctx.port()));
            bound.configureBlocking(false);
            opened = Selector.open();
            bound.register(opened, SelectionKey.OP_ACCEPT);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(opened, bound, gatewayCounters, connected, launched);
            if (ex instanceof IOException io)
            {
                throw new UncheckedIOException("cannot listen on " + ctx.bindAddress() + ":" + ctx.port(), io);
            }
            throw (RuntimeException)ex;
        }
        driver = launched;
        driverInvoker = null == launched ? null : launched.sharedAgentInvoker();
        aeron = connected;
        conductorInvoker = connected.conductorAgentInvoker();
        counters = gatewayCounters;
        server = bound;
        selector = opened;
    }

    /**
     * Listen and connect to the node's media driver, as an agent for the caller to run ({@link #doWork()}; then
     * {@link #onClose()}): for a host with a thread of its own to share, or a benchmark in lock step.
     *
     * @param ctx configuration; concluded here.
     * @return the gateway, not running.
     */
    public static BinaryGateway open(final Context ctx)
    {
        return new BinaryGateway(ctx.conclude());
    }

    /**
     * Listen, connect to the node's media driver, and run on a thread of the gateway's own until closed.
     *
     * @param ctx configuration; concluded here.
     * @return the running gateway.
     */
    public static BinaryGateway launch(final Context ctx)
    {
        final BinaryGateway gateway = open(ctx);
        gateway.runner = new AgentRunner(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(50)), ctx.errorHandler(), null, gateway);
        AgentRunner.startOnThread(gateway.runner);
        return gateway;
    }

    /**
     * @return the TCP port the gateway listens on (the one found when bound to port 0).
     */
    public int port()
    {
        return server.socket().getLocalPort();
    }

    /**
     * @return the gateway's counters.
     */
    public GatewayCounters counters()
    {
        return counters;
    }

    /**
     * Stop: every connection is closed (and its session disconnected from the node).
     */
    public void close()
    {
        if (null != runner)
        {
            CloseHelper.close(runner);
        }
        else
        {
            onClose();
        }
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-binary-gateway";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork() throws IOException
    {
        int work = null != driverInvoker ? driverInvoker.invoke() : 0;
        work += conductorInvoker.invoke();
        work += selector.selectNow(onAcceptable);
        final long nowNs = clock.nanoTime();
        for (int i = connections.size() - 1; i >= 0; i--)
        {
            final BinaryConnection connection = connections.get(i);
            work += connection.doWork(nowNs);
            if (connection.isClosed())
            {
                connections.remove(i);
            }
        }
        return work;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        for (final BinaryConnection connection : connections)
        {
            connection.close("the gateway is stopping");
        }
        connections.clear();
        CloseHelper.quietCloseAll(selector, server, counters, aeron, driver);
    }

    private void onAcceptable(final SelectionKey key)
    {
        try
        {
            SocketChannel socket;
            while (null != (socket = server.accept()))
            {
                if (connections.size() >= ctx.maxConnections())
                {
                    counters.refused.incrementRelease();
                    CloseHelper.quietClose(socket);
                    continue;
                }
                socket.configureBlocking(false);
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (ctx.socketSendBufferLength() > 0)
                {
                    socket.setOption(StandardSocketOptions.SO_SNDBUF, ctx.socketSendBufferLength());
                }
                connections.add(new BinaryConnection(ctx, counters, aeron, socket, nextResponseStreamId++,
                    clock.nanoTime()));
                counters.accepted.incrementRelease();
                counters.connections.incrementRelease();
            }
        }
        catch (final IOException ex)
        {
            ctx.errorHandler().onError(ex);
        }
    }

    /**
     * Configuration of a binary gateway.
     */
    public static final class Context
    {
        private String bindAddress = "localhost";
        private int port = 40130;
        private String aeronDirectoryName = CommonContext.getAeronDirectoryName() + ProtocolDefaults.AERON_DIR_SUFFIX;
        private boolean embeddedDriver;
        private String ingressChannel = CommonContext.IPC_CHANNEL;
        private int ingressStreamId = ProtocolDefaults.INGRESS_STREAM_ID;
        private String responseChannel = CommonContext.IPC_CHANNEL;
        private int maxFrameLength = 64 * 1024;
        private int outboundBufferLength = 1024 * 1024;
        private int maxConnections = 1024;
        private int socketSendBufferLength;
        private long heartbeatIntervalNs = TimeUnit.SECONDS.toNanos(1);
        private long idleTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(5);
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;
        private ErrorHandler errorHandler = Throwable::printStackTrace;
        private String sessionIngressChannel;
        private String sessionResponseChannel;

        /**
         * Check the settings.
         *
         * @return this.
         * @throws IllegalArgumentException naming a setting out of range.
         */
        public Context conclude()
        {
            require(port >= 0 && port <= 65_535, "port must be 0 to 65535: " + port);
            require(maxFrameLength >= 64, "the frame limit must be 64 bytes or more: " + maxFrameLength);
            require(outboundBufferLength >= maxFrameLength + BinaryFrames.LENGTH_FIELD, "the outbound buffer (" +
                outboundBufferLength + ") must hold a frame of the limit (" + maxFrameLength + ")");
            require(maxConnections > 0, "max connections must be positive: " + maxConnections);
            require(heartbeatIntervalNs > 0 && idleTimeoutNs > heartbeatIntervalNs, "the idle timeout must be " +
                "longer than the heartbeat interval");
            // Each session has a publication of its own each way: terms just long enough for a frame of the limit
            // (Aeron takes messages up to an eighth of a term), sparse, so that many connections cost little memory.
            final int termLength = BitUtil.findNextPositivePowerOfTwo(Math.max(64 * 1024, 8 * maxFrameLength));
            sessionIngressChannel = sized(ingressChannel, termLength);
            sessionResponseChannel = sized(responseChannel, termLength);
            return this;
        }

        private static String sized(final String channel, final int termLength)
        {
            final ChannelUri uri = ChannelUri.parse(channel);
            if (null == uri.get(CommonContext.TERM_LENGTH_PARAM_NAME))
            {
                uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(termLength));
            }
            if (null == uri.get(CommonContext.SPARSE_PARAM_NAME))
            {
                uri.put(CommonContext.SPARSE_PARAM_NAME, "true");
            }
            return uri.toString();
        }

        /**
         * @return the node's ingress channel as each session publishes to it (with its term length), after
         * {@link #conclude()}.
         */
        String sessionIngressChannel()
        {
            return sessionIngressChannel;
        }

        /**
         * @return the response channel as each session subscribes to it and names it in its Connect, after
         * {@link #conclude()}.
         */
        String sessionResponseChannel()
        {
            return sessionResponseChannel;
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }

        /**
         * @param bindAddress to listen on; {@code localhost} by default.
         * @return this.
         */
        public Context bindAddress(final String bindAddress)
        {
            this.bindAddress = bindAddress;
            return this;
        }

        /**
         * @return address to listen on.
         */
        public String bindAddress()
        {
            return bindAddress;
        }

        /**
         * @param port TCP port to listen on, 0 for one found free.
         * @return this.
         */
        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        /**
         * @return TCP port to listen on.
         */
        public int port()
        {
            return port;
        }

        /**
         * @param aeronDirectoryName of the media driver to reach the node through (the node's, for IPC).
         * @return this.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * @return directory of the media driver.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param embeddedDriver true to run a media driver of the gateway's own (to reach a node over UDP).
         * @return this.
         */
        public Context embeddedDriver(final boolean embeddedDriver)
        {
            this.embeddedDriver = embeddedDriver;
            return this;
        }

        /**
         * @return true when the gateway runs a media driver of its own.
         */
        public boolean embeddedDriver()
        {
            return embeddedDriver;
        }

        /**
         * @param ingressChannel the node's ingress: IPC by default, {@code aeron:udp?endpoint=host:port} remote.
         * @return this.
         */
        public Context ingressChannel(final String ingressChannel)
        {
            this.ingressChannel = ingressChannel;
            return this;
        }

        /**
         * @return the node's ingress channel.
         */
        public String ingressChannel()
        {
            return ingressChannel;
        }

        /**
         * @param ingressStreamId the node's ingress stream.
         * @return this.
         */
        public Context ingressStreamId(final int ingressStreamId)
        {
            this.ingressStreamId = ingressStreamId;
            return this;
        }

        /**
         * @return the node's ingress stream.
         */
        public int ingressStreamId()
        {
            return ingressStreamId;
        }

        /**
         * @param responseChannel where the node answers the gateway's sessions: IPC by default, a UDP endpoint
         *                        (port 0 for one found free per session) for a remote node.
         * @return this.
         */
        public Context responseChannel(final String responseChannel)
        {
            this.responseChannel = responseChannel;
            return this;
        }

        /**
         * @return the response channel.
         */
        public String responseChannel()
        {
            return responseChannel;
        }

        /**
         * @param maxFrameLength longest message a frame may carry; a longer one closes the connection.
         * @return this.
         */
        public Context maxFrameLength(final int maxFrameLength)
        {
            this.maxFrameLength = maxFrameLength;
            return this;
        }

        /**
         * @return longest message a frame may carry.
         */
        public int maxFrameLength()
        {
            return maxFrameLength;
        }

        /**
         * @param outboundBufferLength bytes waiting for a client to read; a client that lets them fill is
         *                             disconnected.
         * @return this.
         */
        public Context outboundBufferLength(final int outboundBufferLength)
        {
            this.outboundBufferLength = outboundBufferLength;
            return this;
        }

        /**
         * @return bytes that may wait for a client to read.
         */
        public int outboundBufferLength()
        {
            return outboundBufferLength;
        }

        /**
         * @param maxConnections served at once; more are closed as they come, counted.
         * @return this.
         */
        public Context maxConnections(final int maxConnections)
        {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * @return connections served at once.
         */
        public int maxConnections()
        {
            return maxConnections;
        }

        /**
         * @param socketSendBufferLength SO_SNDBUF of each connection's socket, 0 for the system's (which grows).
         * @return this.
         */
        public Context socketSendBufferLength(final int socketSendBufferLength)
        {
            this.socketSendBufferLength = socketSendBufferLength;
            return this;
        }

        /**
         * @return SO_SNDBUF of each connection's socket, 0 for the system's.
         */
        public int socketSendBufferLength()
        {
            return socketSendBufferLength;
        }

        /**
         * @param heartbeatIntervalNs after which an idle connection is sent a heartbeat (an empty frame).
         * @return this.
         */
        public Context heartbeatIntervalNs(final long heartbeatIntervalNs)
        {
            this.heartbeatIntervalNs = heartbeatIntervalNs;
            return this;
        }

        /**
         * @return heartbeat interval.
         */
        public long heartbeatIntervalNs()
        {
            return heartbeatIntervalNs;
        }

        /**
         * @param idleTimeoutNs after which a connection that sent nothing, not even a heartbeat, is closed.
         * @return this.
         */
        public Context idleTimeoutNs(final long idleTimeoutNs)
        {
            this.idleTimeoutNs = idleTimeoutNs;
            return this;
        }

        /**
         * @return idle timeout.
         */
        public long idleTimeoutNs()
        {
            return idleTimeoutNs;
        }

        /**
         * @param connectTimeoutNs for the node's ingress to be reached after a client's Connect.
         * @return this.
         */
        public Context connectTimeoutNs(final long connectTimeoutNs)
        {
            this.connectTimeoutNs = connectTimeoutNs;
            return this;
        }

        /**
         * @return connect timeout.
         */
        public long connectTimeoutNs()
        {
            return connectTimeoutNs;
        }

        /**
         * @param nanoClock for timeouts and heartbeats.
         * @return this.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * @return the clock.
         */
        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /**
         * @param errorHandler for what the gateway's thread cannot handle.
         * @return this.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * @return the error handler.
         */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }
    }
}
