package io.streamflow.sequencer;

import io.aeron.CommonContext;
import io.streamflow.protocol.ProtocolDefaults;

import java.util.concurrent.TimeUnit;

/**
 * Property names and defaults of a standalone node's front door (its media driver, ingress, threads, egress); the
 * engine's own are in {@link io.streamflow.engine.EngineConfiguration}. Each default can be overridden by the system
 * property of the same name, read once when a {@link StreamFlowNode.Context} is created.
 */
public final class NodeConfiguration
{

    /** Directory of the Aeron media driver the node embeds or uses. */
    public static final String AERON_DIR_PROP_NAME = "streamflow.aeron.dir";
    /** Default Aeron directory: beside Aeron's own default, so a node never takes over another driver's. */
    public static final String AERON_DIR_DEFAULT =
        CommonContext.getAeronDirectoryName() + ProtocolDefaults.AERON_DIR_SUFFIX;

    /** Whether the node runs its own media driver. */
    public static final String EMBEDDED_DRIVER_PROP_NAME = "streamflow.embedded.driver";
    /** By default the node embeds its media driver. */
    public static final boolean EMBEDDED_DRIVER_DEFAULT = true;

    /** Whether ingress is taken on Aeron IPC. */
    public static final String INGRESS_IPC_PROP_NAME = "streamflow.ingress.ipc";
    /** By default ingress is taken on IPC. */
    public static final boolean INGRESS_IPC_DEFAULT = true;

    /** UDP endpoint (host:port) ingress is taken on; empty for none. */
    public static final String INGRESS_UDP_ENDPOINT_PROP_NAME = "streamflow.ingress.udp.endpoint";
    /** Default UDP ingress endpoint. */
    public static final String INGRESS_UDP_ENDPOINT_DEFAULT = ProtocolDefaults.INGRESS_UDP_ENDPOINT;

    /** Aeron stream id of ingress, on every ingress channel. */
    public static final String INGRESS_STREAM_ID_PROP_NAME = "streamflow.ingress.stream.id";
    /** Default ingress stream id. */
    public static final int INGRESS_STREAM_ID_DEFAULT = ProtocolDefaults.INGRESS_STREAM_ID;

    /** Threading mode: SHARED or DEDICATED. */
    public static final String THREADING_MODE_PROP_NAME = "streamflow.threading.mode";
    /** Default threading mode. */
    public static final ThreadingMode THREADING_MODE_DEFAULT = ThreadingMode.SHARED;

    /**
     * Idle strategy of the node's threads, by Aeron's names: {@code noop}, {@code spin}, {@code yield},
     * {@code backoff}, {@code sleep-ns}, or a class name.
     */
    public static final String IDLE_STRATEGY_PROP_NAME = "streamflow.idle.strategy";
    /** Default idle strategy: spins, then yields, then parks briefly, so an idle node leaves the CPU to others. */
    public static final String IDLE_STRATEGY_DEFAULT = "backoff";

    /** CPU the sequencer thread (in SHARED mode, the one thread) is pinned to; -1 for none. */
    public static final String SEQUENCER_CPU_PROP_NAME = "streamflow.sequencer.cpu";
    /** CPU the journal thread is pinned to in DEDICATED mode; -1 for none. */
    public static final String JOURNAL_CPU_PROP_NAME = "streamflow.journal.cpu";
    /** CPU the operator thread is pinned to in DEDICATED mode; -1 for none. */
    public static final String OPERATOR_CPU_PROP_NAME = "streamflow.operator.cpu";
    /** CPU the egress thread is pinned to in DEDICATED mode; -1 for none. */
    public static final String EGRESS_CPU_PROP_NAME = "streamflow.egress.cpu";
    /** By default no thread is pinned. */
    public static final int CPU_DEFAULT = -1;

    /** Most follows the log server serves at once; 0 for no log server. */
    public static final String MAX_FOLLOWS_PROP_NAME = "streamflow.log.server.max.follows";
    /** Default most follows. */
    public static final int MAX_FOLLOWS_DEFAULT = 64;

    /** Most ingress fragments taken in one duty cycle. */
    public static final String FRAGMENT_LIMIT_PROP_NAME = "streamflow.fragment.limit";
    /** Default fragment limit. */
    public static final int FRAGMENT_LIMIT_DEFAULT = 256;

    /** Time a client has to connect its response channel after its Connect. */
    public static final String CONNECT_TIMEOUT_PROP_NAME = "streamflow.connect.timeout.ns";
    /** Default connect timeout. */
    public static final long CONNECT_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);

    /** Time a client may back-pressure egress before its session is closed. */
    public static final String SLOW_CLIENT_TIMEOUT_PROP_NAME = "streamflow.slow.client.timeout.ns";
    /** Default slow client timeout. */
    public static final long SLOW_CLIENT_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

    /** Channel of the output streams (market data, pipeline results); empty for none. */
    public static final String OUTPUT_CHANNEL_PROP_NAME = "streamflow.output.channel";
    /** Default output channel: UDP multi-destination-cast that subscribers join dynamically. */
    public static final String OUTPUT_CHANNEL_DEFAULT = ProtocolDefaults.OUTPUT_CHANNEL;

    private NodeConfiguration()
    {
    }

    static String outputChannel()
    {
        return System.getProperty(OUTPUT_CHANNEL_PROP_NAME, OUTPUT_CHANNEL_DEFAULT);
    }

    static String aeronDir()
    {
        return System.getProperty(AERON_DIR_PROP_NAME, AERON_DIR_DEFAULT);
    }

    static boolean embeddedDriver()
    {
        return Boolean.parseBoolean(System.getProperty(EMBEDDED_DRIVER_PROP_NAME, "" + EMBEDDED_DRIVER_DEFAULT));
    }

    static boolean ingressIpc()
    {
        return Boolean.parseBoolean(System.getProperty(INGRESS_IPC_PROP_NAME, "" + INGRESS_IPC_DEFAULT));
    }

    static String ingressUdpEndpoint()
    {
        return System.getProperty(INGRESS_UDP_ENDPOINT_PROP_NAME, INGRESS_UDP_ENDPOINT_DEFAULT);
    }

    static int ingressStreamId()
    {
        return Integer.getInteger(INGRESS_STREAM_ID_PROP_NAME, INGRESS_STREAM_ID_DEFAULT);
    }

    static ThreadingMode threadingMode()
    {
        return ThreadingMode.valueOf(System.getProperty(THREADING_MODE_PROP_NAME, THREADING_MODE_DEFAULT.name()));
    }

    /**
     * @return the idle strategy's name: {@link #IDLE_STRATEGY_PROP_NAME}, or its default.
     */
    public static String idleStrategy()
    {
        return System.getProperty(IDLE_STRATEGY_PROP_NAME, IDLE_STRATEGY_DEFAULT);
    }

    /**
     * @param propName of a thread's CPU, e.g. {@link #SEQUENCER_CPU_PROP_NAME}.
     * @return the CPU, or {@link #CPU_DEFAULT} for none.
     */
    public static int cpu(final String propName)
    {
        return Integer.getInteger(propName, CPU_DEFAULT);
    }

    static int maxFollows()
    {
        return Integer.getInteger(MAX_FOLLOWS_PROP_NAME, MAX_FOLLOWS_DEFAULT);
    }

    static int fragmentLimit()
    {
        return Integer.getInteger(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
    }

    static long connectTimeoutNs()
    {
        return Long.getLong(CONNECT_TIMEOUT_PROP_NAME, CONNECT_TIMEOUT_DEFAULT_NS);
    }

    static long slowClientTimeoutNs()
    {
        return Long.getLong(SLOW_CLIENT_TIMEOUT_PROP_NAME, SLOW_CLIENT_TIMEOUT_DEFAULT_NS);
    }
}
