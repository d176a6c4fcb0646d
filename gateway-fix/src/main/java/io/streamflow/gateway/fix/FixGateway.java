package io.streamflow.gateway.fix;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.streamflow.client.LogFollower;
import io.streamflow.protocol.ProtocolDefaults;
import io.streamflow.sbe.FollowFrom;
import io.streamflow.sbe.FollowSource;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import uk.co.real_logic.artio.library.SessionHandler;
import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.library.SessionAcquiredInfo;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The FIX 4.4 gateway: an Artio acceptor for the clients that speak FIX, each FIX session a client of the node's
 * Aeron protocol with a session of its own ({@link FixSession}), authenticated by the node from the Logon's Username
 * and Password and acting for its configured client id and accounts only.
 * <p>
 * Artio does FIX as its authors meant it: its engine (framer and archiver threads) owns the TCP connections, the
 * session layer (logon, heartbeats and test requests, sequence numbers kept across restarts in the state directory,
 * resend requests answered from its Aeron Archive with gap fills for administrative messages, logout), and hands each
 * logged-on session to the gateway's one library; this agent polls that library and the node sessions. Artio's
 * engine runs on a media driver and archive of the gateway's own, in the state directory; the node is reached through
 * the node's media driver ({@link Context#aeronDirectoryName}) or, for a remote node, through the gateway's own
 * driver over UDP ({@link Context#embeddedNodeDriver}).
 */
public final class FixGateway implements Agent, AutoCloseable
{
    private static final int FIRST_RESPONSE_STREAM_ID = 0x5400_0000;
    private static final int FRAGMENT_LIMIT = 16;
    private static final long LOGOUT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    private final Context ctx;
    private final NanoClock clock;
    private final ArtioAcceptor artio;
    private final Aeron nodeAeron;
    private final FixCounters counters;
    private final FixLogons logons;
    private final Map<String, FixSession> sessions = new HashMap<>();
    private final List<FixSession> active = new ArrayList<>();
    private final NodeSessionFactory nodeSessions;
    private final FixMarketData marketData;
    private int nextResponseStreamId = FIRST_RESPONSE_STREAM_ID;
    private AgentRunner runner;

    private FixGateway(final Context ctx)
    {
        this.ctx = ctx;
        this.clock = ctx.nanoClock();
        ArtioAcceptor launchedArtio = null;
        Aeron connected = null;
        FixCounters fixCounters = null;
        LogFollower follower = null;
        try
        {
            launchedArtio = new ArtioAcceptor(ctx);
            connected = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(ctx.embeddedNodeDriver() ? ctx.artioAeronDirectory() : ctx.aeronDirectoryName())
                .errorHandler(ctx.errorHandler()));
            fixCounters = new FixCounters(connected);
            final Map<String, FixSessionSpec> specs = new HashMap<>();
            for (final FixSessionSpec spec : ctx.sessions())
            {
                specs.put(spec.senderCompId(), spec);
            }
            logons = new FixLogons(ctx.compId(), Collections.unmodifiableMap(specs), fixCounters);
            launchedArtio.start(logons, this::onSessionAcquired, "streamflow-fix-gateway");
            // The node's market data from the start of its output log, then live: every book's top, whenever the
            // gateway started.
            follower = new LogFollower(connected, () -> { }, ctx.ingressChannel(), ctx.marketDataResponseHost(),
                ctx.marketDataCredentials(), FollowSource.OUTPUTS, ctx.marketDataStreamId(), 0, FollowFrom.EARLIEST,
                0);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(follower, launchedArtio, fixCounters, connected);
            throw ex;
        }
        artio = launchedArtio;
        nodeAeron = connected;
        counters = fixCounters;
        marketData = new FixMarketData(ctx.instruments(), follower, counters);
        nodeSessions = (clientId, credentials, nowNs, listener) -> new NodeSession(nodeAeron,
            ctx.sessionIngressChannel(), ctx.ingressStreamId(), ctx.responseChannel(), nextResponseStreamId++,
            clientId, credentials, nowNs + ctx.connectTimeoutNs(), listener);
    }

    /**
     * Start Artio and reach the node's media driver, as an agent for the caller to run ({@link #doWork()}, then
     * {@link #onClose()}).
     *
     * @param ctx configuration; concluded here.
     * @return the gateway, its library connected to Artio's engine, which accepts FIX connections.
     * @throws IllegalStateException when the library does not connect within the connect timeout.
     */
    public static FixGateway open(final Context ctx)
    {
        return new FixGateway(ctx.conclude());
    }

    /**
     * Start, and run on a thread of the gateway's own until closed.
     *
     * @param ctx configuration; concluded here.
     * @return the running gateway.
     */
    public static FixGateway launch(final Context ctx)
    {
        final FixGateway gateway = open(ctx);
        gateway.runner = new AgentRunner(ctx.idleStrategy(), ctx.errorHandler(), null, gateway);
        AgentRunner.startOnThread(gateway.runner);
        return gateway;
    }

    /**
     * @return the gateway's counters.
     */
    public FixCounters counters()
    {
        return counters;
    }

    /**
     * @return the configuration.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * Stop: every session is logged out by Artio's engine, and its node session disconnected.
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
        // Artio's library and engine, then the drivers, from this thread once the gateway's agent has stopped.
        CloseHelper.quietCloseAll(artio, marketData::close, counters, nodeAeron);
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "streamflow-fix-gateway";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        int work = artio.poll(FRAGMENT_LIMIT);
        work += marketData.doWork();
        FixLogons.Pending logon;
        while (null != (logon = logons.pending().poll()))
        {
            work++;
            onLogon(logon, nowNs);
        }
        for (int i = active.size() - 1; i >= 0; i--)
        {
            final FixSession session = active.get(i);
            work += session.doWork(nowNs);
            if (session.isClosed())
            {
                active.remove(i);
                sessions.remove(session.spec().senderCompId(), session);
            }
        }
        return work;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        // Log every session out as FIX says (the client is told), for a bounded time, then end the node sessions.
        artio.logoutAll(LOGOUT_TIMEOUT_NS);
        for (final FixSession session : active)
        {
            session.close();
        }
        active.clear();
        sessions.clear();
    }

    private void onLogon(final FixLogons.Pending logon, final long nowNs)
    {
        final String sender = logon.spec().senderCompId();
        final FixSession existing = sessions.get(sender);
        if (null != existing && !existing.isClosed())
        {
            counters.logonsRefused.increment();
            logon.reject("SenderCompID " + sender + " is logged on already");
            return;
        }
        final FixSession session = new FixSession(logon.spec(), logon, ctx, counters, nodeSessions, marketData,
            nowNs);
        sessions.put(sender, session);
        active.add(session);
    }

    private SessionHandler onSessionAcquired(final Session session, final SessionAcquiredInfo info)
    {
        final FixSession fixSession = sessions.get(session.compositeKey().remoteCompId());
        if (null == fixSession || fixSession.isClosed() || fixSession.isBound())
        {
            // Not a session the node took (cannot happen while the gateway owns the engine): end it.
            session.logoutAndDisconnect();
            return new FixSessionRefused();
        }
        fixSession.bind(session);
        return fixSession;
    }

    /**
     * Configuration of a FIX gateway; {@link FixGatewayConfig} reads one from a file.
     */
    public static final class Context
    {
        private String bindAddress = "localhost";
        private int port = 9880;
        private String compId = "STREAMFLOW";
        private File stateDirectory;
        private String artioAeronDirectory;
        private String aeronDirectoryName = CommonContext.getAeronDirectoryName() + ProtocolDefaults.AERON_DIR_SUFFIX;
        private boolean embeddedNodeDriver;
        private String ingressChannel = CommonContext.IPC_CHANNEL;
        private int ingressStreamId = ProtocolDefaults.INGRESS_STREAM_ID;
        private String responseChannel = CommonContext.IPC_CHANNEL;
        private String sessionIngressChannel;
        private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(5);
        private int pendingCommands = 4096;
        private int marketDataStreamId = ProtocolDefaults.MARKET_DATA_STREAM_ID;
        private byte[] marketDataCredentials = new byte[0];
        private String marketDataResponseHost = "localhost";
        private final List<FixSessionSpec> sessions = new ArrayList<>();
        private final FixInstruments instruments = new FixInstruments();
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;
        private ErrorHandler errorHandler = Throwable::printStackTrace;

        /**
         * Check the settings.
         *
         * @return this.
         * @throws IllegalArgumentException naming a setting that is missing or out of range.
         */
        public Context conclude()
        {
            require(null != stateDirectory, "a state directory is required (Artio's sequence numbers and archive)");
            require(port > 0 && port <= 65_535, "port must be 1 to 65535: " + port);
            require(!sessions.isEmpty(), "at least one session is required");
            require(instruments.size() > 0, "at least one symbol is required");
            require(!compId.isEmpty(), "the gateway's CompID must not be empty");
            final Map<String, Long> seen = new HashMap<>();
            for (final FixSessionSpec spec : sessions)
            {
                require(null == seen.put(spec.senderCompId(), spec.clientId()), "session " + spec.senderCompId() +
                    " is listed twice");
            }
            if (null == artioAeronDirectory)
            {
                artioAeronDirectory = new File(stateDirectory, "aeron").getAbsolutePath();
            }
            // Sessions' publications to the node: sparse terms, so that many sessions cost little memory.
            final ChannelUri uri = ChannelUri.parse(ingressChannel);
            if (null == uri.get(CommonContext.TERM_LENGTH_PARAM_NAME))
            {
                uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(64 * 1024));
            }
            uri.put(CommonContext.SPARSE_PARAM_NAME, "true");
            sessionIngressChannel = uri.toString();
            return this;
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }

        String sessionIngressChannel()
        {
            return sessionIngressChannel;
        }

        /**
         * @return a new idle strategy for one of the gateway's threads: backing off to 100 us parks.
         */
        public IdleStrategy idleStrategy()
        {
            return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MICROSECONDS.toNanos(100));
        }

        /**
         * @param bindAddress to accept FIX connections on.
         * @return this.
         */
        public Context bindAddress(final String bindAddress)
        {
            this.bindAddress = bindAddress;
            return this;
        }

        /**
         * @return the address FIX clients connect to.
         */
        public String bindAddress()
        {
            return bindAddress;
        }

        /**
         * @param port TCP port of the acceptor.
         * @return this.
         */
        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        /**
         * @return TCP port of the acceptor.
         */
        public int port()
        {
            return port;
        }

        /**
         * @param compId the gateway's CompID: SenderCompID of what it sends, TargetCompID of what clients send.
         * @return this.
         */
        public Context compId(final String compId)
        {
            this.compId = compId;
            return this;
        }

        /**
         * @return the gateway's CompID.
         */
        public String compId()
        {
            return compId;
        }

        /**
         * @param stateDirectory where Artio keeps sequence numbers and its archive (kept across restarts).
         * @return this.
         */
        public Context stateDirectory(final File stateDirectory)
        {
            this.stateDirectory = stateDirectory;
            return this;
        }

        /**
         * @return the state directory.
         */
        public File stateDirectory()
        {
            return stateDirectory;
        }

        /**
         * @param artioAeronDirectory of the media driver the gateway runs for Artio; {@code STATE/aeron} by default.
         * @return this.
         */
        public Context artioAeronDirectory(final String artioAeronDirectory)
        {
            this.artioAeronDirectory = artioAeronDirectory;
            return this;
        }

        /**
         * @return directory of Artio's media driver.
         */
        public String artioAeronDirectory()
        {
            return artioAeronDirectory;
        }

        /**
         * @param aeronDirectoryName of the node's media driver (for a node on this machine).
         * @return this.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * @return directory of the node's media driver.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param embeddedNodeDriver true to reach the node through the gateway's own media driver (over UDP).
         * @return this.
         */
        public Context embeddedNodeDriver(final boolean embeddedNodeDriver)
        {
            this.embeddedNodeDriver = embeddedNodeDriver;
            return this;
        }

        /**
         * @return true when the node is reached through the gateway's own driver.
         */
        public boolean embeddedNodeDriver()
        {
            return embeddedNodeDriver;
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
         * @param responseChannel where the node answers the sessions: IPC by default, a UDP endpoint (port 0 for
         *                        one found free per session) for a remote node.
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
         * @param connectTimeoutNs for the node to answer a session's Connect.
         * @return this.
         */
        public Context connectTimeoutNs(final long connectTimeoutNs)
        {
            this.connectTimeoutNs = connectTimeoutNs;
            return this;
        }

        /**
         * @return the connect timeout.
         */
        public long connectTimeoutNs()
        {
            return connectTimeoutNs;
        }

        /**
         * @param pendingCommands commands per session remembered until the node answers (a power of two).
         * @return this.
         */
        public Context pendingCommands(final int pendingCommands)
        {
            this.pendingCommands = pendingCommands;
            return this;
        }

        /**
         * @return commands per session remembered until the node answers.
         */
        public int pendingCommands()
        {
            return pendingCommands;
        }

        /**
         * @param marketDataStreamId the node's market-data output stream.
         * @return this.
         */
        public Context marketDataStreamId(final int marketDataStreamId)
        {
            this.marketDataStreamId = marketDataStreamId;
            return this;
        }

        /**
         * @return the node's market-data output stream.
         */
        public int marketDataStreamId()
        {
            return marketDataStreamId;
        }

        /**
         * @param marketDataCredentials {@code principal:secret} (UTF-8) the gateway follows the node's market data
         *                              with; empty for a node without principals.
         * @return this.
         */
        public Context marketDataCredentials(final byte[] marketDataCredentials)
        {
            this.marketDataCredentials = marketDataCredentials.clone();
            return this;
        }

        /**
         * @return credentials of the market-data follow.
         */
        public byte[] marketDataCredentials()
        {
            return marketDataCredentials;
        }

        /**
         * @param marketDataResponseHost the host a remote node sends the followed market data to (UDP).
         * @return this.
         */
        public Context marketDataResponseHost(final String marketDataResponseHost)
        {
            this.marketDataResponseHost = marketDataResponseHost;
            return this;
        }

        /**
         * @return the host a remote node sends the followed market data to.
         */
        public String marketDataResponseHost()
        {
            return marketDataResponseHost;
        }

        /**
         * @param spec a session to accept.
         * @return this.
         */
        public Context session(final FixSessionSpec spec)
        {
            sessions.add(spec);
            return this;
        }

        /**
         * @return the sessions.
         */
        public List<FixSessionSpec> sessions()
        {
            return sessions;
        }

        /**
         * @return the symbols (add to them with {@link FixInstruments#add}).
         */
        public FixInstruments instruments()
        {
            return instruments;
        }

        /**
         * @param nanoClock for timeouts.
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
         * @param errorHandler for what the gateway's threads (and Artio's) cannot handle.
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
